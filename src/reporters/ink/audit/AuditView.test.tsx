import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import { findingExcerpt } from '../../../audit/excerpt.js';
import { makeFinding, type Finding, type Priority } from '../../../audit/findings.js';
import { NoColorContext } from '../theme.js';
import { AuditView, fit } from './AuditView.js';
import { ANSI, KEY, frameMatching, press, routed, tick, withColor } from '../../../../tests/helpers/ink.js';

const CANARY = 'view-canary-8c7b6a';

function finding(priority: Priority, file: string, line: number, title: string, endLine = line): Finding {
  return makeFinding({ rule: 'dockerfile.root-user', priority, area: 'build config', file, line, endLine, evidence: 'x', title, why: `Why ${title}.`, action: `Fix ${title}.`, effort: 'xs' });
}

function project(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mw-auditview-'));
  writeFileSync(path.join(root, 'Dockerfile'), 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["app"]\n');
  writeFileSync(path.join(root, '.env'), `APP_ENV=dev\nSECRET_KEY=${CANARY}\nDEBUG=1\n`);
  return root;
}

// Out of order on purpose: the view groups by priority itself.
const FINDINGS = [
  finding('low', 'Dockerfile', 1, 'No HEALTHCHECK'),
  finding('critical', '.env', 2, 'Env file with credentials'),
  finding('high', 'Dockerfile', 1, 'Final stage runs as root', 5),
  finding('medium', 'Dockerfile', 3, 'Source is copied before dependencies are installed', 4),
];

function view(root: string, props: { height?: number; onQuit?: () => void; findings?: Finding[] } = {}) {
  return render(
    routed(
      <AuditView
        findings={props.findings ?? FINDINGS}
        summary="4 findings in 2 files"
        excerpt={(f) => findingExcerpt(root, f)}
        onQuit={props.onQuit ?? (() => {})}
        height={props.height ?? 30}
      />,
    ),
  );
}

describe('AuditView', () => {
  test('groups findings by priority, most urgent first, with file:line on each row', () => {
    const f = view(project()).lastFrame()!;
    expect(f).toContain('migrate-wizard audit · 4 findings in 2 files');
    const order = ['Critical (1)', '.env:2          Env file with credentials', 'High (1)', 'Dockerfile:1-5  Final stage runs as root', 'Medium (1)', 'Low (1)', 'Dockerfile:1    No HEALTHCHECK'];
    const at = order.map((s) => f.indexOf(s));
    expect(at.every((i) => i >= 0), f).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(f).toMatch(/› \S+\s+Env file with credentials/);
  });

  test('Enter opens a finding with its file lines (range marked, secrets masked); Esc goes back; n/p move', async () => {
    const r = view(project());
    await tick();
    await press(r.stdin, KEY.enter);
    let f = await frameMatching(r.lastFrame, /\[CRITICAL\]/);
    expect(f).toContain('.env:2 · build config');
    expect(f).toMatch(/ {2}1 {2}APP_ENV=\*\*\*\*/);
    expect(f).toMatch(/› 2 {2}SECRET_KEY=\*\*\*\*/);
    expect(f).not.toContain(CANARY);
    expect(f).toContain('Why: Why Env file with credentials.');
    expect(f).toContain('Do: Fix Env file with credentials.');
    await press(r.stdin, 'n');
    f = await frameMatching(r.lastFrame, /\[HIGH\] Final stage runs as root/);
    // Lines 1-5 are the finding's own: every one marked.
    expect(f).toMatch(/› 1 {2}FROM python:3\.12/);
    expect(f).toMatch(/› 5 {2}CMD \["app"\]/);
    await press(r.stdin, 'p', KEY.escape);
    f = await frameMatching(r.lastFrame, /Critical \(1\)/);
    expect(f).toMatch(/› \S+\s+Env file with credentials/);
  });

  test('a file that cannot be read says so instead of crashing', async () => {
    const r = render(routed(<AuditView findings={FINDINGS} summary="s" excerpt={() => 'Dockerfile: cannot be read (gone)'} onQuit={() => {}} height={30} />));
    await tick();
    await press(r.stdin, KEY.enter);
    await frameMatching(r.lastFrame, /Dockerfile: cannot be read \(gone\)/);
  });

  test('↓/j, Tab to the next priority, G and g; q and Esc quit', async () => {
    let quit = 0;
    const r = view(project(), { onQuit: () => quit++ });
    await tick();
    await press(r.stdin, 'j', KEY.down);
    await frameMatching(r.lastFrame, /› \S+\s+Source is copied/);
    await press(r.stdin, KEY.tab);
    await frameMatching(r.lastFrame, /› \S+\s+No HEALTHCHECK/);
    await press(r.stdin, KEY.tab);
    await frameMatching(r.lastFrame, /› \S+\s+Env file with credentials/);
    await press(r.stdin, 'G');
    await frameMatching(r.lastFrame, /› \S+\s+No HEALTHCHECK/);
    await press(r.stdin, 'g');
    await frameMatching(r.lastFrame, /› \S+\s+Env file with credentials/);
    await press(r.stdin, 'q', KEY.escape);
    expect(quit).toBe(2);
  });

  test('a long list scrolls around the cursor and says how much is below', async () => {
    const many = Array.from({ length: 40 }, (_, i) => finding(i < 20 ? 'high' : 'low', `f${String(i).padStart(2, '0')}.txt`, i + 1, `Finding ${i}`));
    const r = view(project(), { findings: many, height: 12 });
    expect(r.lastFrame()).toMatch(/↓ \d+ more rows/);
    expect(r.lastFrame()).not.toContain('Finding 39');
    await tick();
    await press(r.stdin, 'G');
    const f = await frameMatching(r.lastFrame, /› \S+\s+Finding 39/);
    expect(f).not.toContain('Finding 0 ');
    expect(f.split('\n').length).toBeLessThanOrEqual(12);
  });

  test('no findings: a clear message', () => {
    expect(view(project(), { findings: [] }).lastFrame()).toContain('No findings');
  });

  test('NO_COLOR: no escape sequences at all', async () => {
    await withColor(async () => {
      const colored = render(routed(<AuditView findings={FINDINGS} summary="s" excerpt={() => []} onQuit={() => {}} height={30} />));
      expect(colored.lastFrame()).toMatch(ANSI);
      const plain = render(
        <NoColorContext.Provider value={true}>
          {routed(<AuditView findings={FINDINGS} summary="s" excerpt={() => []} onQuit={() => {}} height={30} />)}
        </NoColorContext.Provider>,
      );
      expect(plain.lastFrame()).not.toMatch(ANSI);
      expect(plain.lastFrame()).toMatch(/› \.env:2 +Env file with credentials/);
    });
  });

  test('fit keeps the finding lines when the excerpt is taller than the room', () => {
    const lines = Array.from({ length: 20 }, (_, i) => ({ line: i + 1, text: `l${i + 1}`, inRange: i + 1 >= 10 && i + 1 <= 12 }));
    const shown = fit(lines, 5);
    expect(shown.map((l) => l.line)).toEqual([9, 10, 11, 12, 13]);
  });
});
