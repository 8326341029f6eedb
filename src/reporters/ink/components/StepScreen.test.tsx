import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import type { PromptAnswer } from '../../../engine/prompts.js';
import { StepScreen } from './StepScreen.js';
import { KEY, frameMatching, lineWidths, press, renderSized, routed, tick } from '../../../../tests/helpers/ink.js';
import { DIFF_COMPOSE, DIFF_MAKEFILE } from '../../../../tests/helpers/ink-fixtures.js';

const diffs = [
  { path: 'docker-compose.dev.yml', diff: DIFF_COMPOSE },
  { path: 'Makefile', diff: DIFF_MAKEFILE },
];

function setup(extra: { onBack?(): void; height?: number } = {}) {
  const answers: PromptAnswer<'confirm-step'>[] = [];
  const r = render(
    routed(<StepScreen
      stepId="dev-compose"
      title="Create docker-compose.dev.yml"
      why="Separate names so dev and test can run side by side."
      diffs={diffs}
      effects={['run: docker compose -f docker-compose.dev.yml config -q']}
      risk="medium"
      priority="critical"
      onAnswer={(a) => answers.push(a)}
      onBack={extra.onBack}
      height={extra.height ?? 30}
    />),
  );
  return { ...r, answers };
}

describe('StepScreen (confirm-step)', () => {
  test('a diff that fits is shown whole, coloured per line, with the why, effects and choices', () => {
    const f = setup().lastFrame()!;
    expect(f).toContain('Separate names so dev and test can run side by side.');
    expect(f).toMatch(/▾ docker-compose\.dev\.yml\s+\+4 −0\n@@ -0,0 \+1,4 @@\n\+services:/);
    expect(f).toMatch(/▾ Makefile\s+\+2 −1/);
    expect(f).toContain('+dev-up: up');
    expect(f).toMatch(/› Apply\n\s+Skip…\n\s+Show full diff\n\s+Back/);
  });

  test('a diff too big for the screen is collapsed to one line per file', () => {
    const f = setup({ height: 18 }).lastFrame()!;
    expect(f).toContain('Create docker-compose.dev.yml');
    expect(f).toContain('step dev-compose');
    expect(f).toContain('risk:med prio:crit');
    expect(f).toContain('Separate names so dev and test can run side by side.');
    expect(f).toMatch(/▸ docker-compose\.dev\.yml\s+\+4 −0/);
    expect(f).toMatch(/▸ Makefile\s+\+2 −1/);
    expect(f).toContain('• run: docker compose');
    expect(f).not.toContain('container_name'); // collapsed: no diff body
  });

  test('Enter on Apply, or the a key, answers apply', async () => {
    const s = setup();
    await tick();
    await press(s.stdin, KEY.enter);
    expect(s.answers).toEqual([{ choice: 'apply' }]);
    await press(s.stdin, 'a');
    expect(s.answers).toEqual([{ choice: 'apply' }, { choice: 'apply' }]);
  });

  test('Skip asks for a reason, refuses an empty one, and answers skip with it', async () => {
    const s = setup();
    await tick();
    await press(s.stdin, KEY.down, KEY.enter);
    await frameMatching(s.lastFrame, /Why skip this step\?/);
    await press(s.stdin, KEY.enter);
    expect(s.answers).toEqual([]);
    await frameMatching(s.lastFrame, /Type a reason first/);
    await press(s.stdin, 'not now', KEY.backspace, KEY.backspace, KEY.backspace, 'yet');
    await press(s.stdin, KEY.enter);
    expect(s.answers).toEqual([{ choice: 'skip', reason: 'not yet' }]);
  });

  test('keys typed faster than renders reach the screen they were meant for', async () => {
    const s = setup();
    await tick();
    // "s" then Enter in the same instant: the Enter must not reach the menu's Apply.
    s.stdin.write('s');
    s.stdin.write('\r');
    await tick(100);
    expect(s.answers).toEqual([]);
    await frameMatching(s.lastFrame, /Why skip this step\?/);
    await press(s.stdin, 'no', KEY.enter);
    expect(s.answers).toEqual([{ choice: 'skip', reason: 'no' }]);
  });

  test('Esc while typing a reason goes back to the menu without answering', async () => {
    const s = setup();
    await tick();
    await press(s.stdin, 's', 'x', KEY.escape);
    await tick(50);
    await frameMatching(s.lastFrame, /Show full diff/);
    expect(s.answers).toEqual([]);
  });

  test('Show full diff expands every file with +/- lines, q comes back; b answers Back', async () => {
    let back = 0;
    const s = setup({ onBack: () => back++, height: 18 });
    await tick();
    await press(s.stdin, 'd');
    const f = await frameMatching(s.lastFrame, /▾ docker-compose/);
    expect(f).toMatch(/▾ docker-compose\.dev\.yml/);
    expect(f).toContain('+    container_name: shop-web-dev');
    expect(f).toContain('-  docker compose up -d');
    expect(f).toContain('@@ -1,3 +1,4 @@');
    await press(s.stdin, 'q');
    await frameMatching(s.lastFrame, /▸ Makefile/);
    await press(s.stdin, 'b');
    expect(back).toBe(1);
    expect(s.answers).toEqual([]);
  });

  test('read-only (opened from the checklist): status and reason, no Apply or Skip', () => {
    const { lastFrame } = render(
      <StepScreen
        stepId="env-rename"
        title="Rename .env"
        why="Each environment gets its own env file."
        diffs={[]}
        status="skipped"
        reason="team is away"
        changes={[{ op: 'rename', from: '.env', path: '.env.dev' }]}
        onBack={() => {}}
        height={20}
      />,
    );
    const f = lastFrame()!;
    expect(f).toContain('↷ skipped — team is away');
    expect(f).toContain('rename .env → .env.dev');
    expect(f).not.toContain('Apply');
    expect(f).toMatch(/› Back/);
  });

  test('60 columns: nothing wider than 60', async () => {
    const r = renderSized(
      <StepScreen
        stepId="a-rather-long-step-identifier-for-testing"
        title="A step title long enough to need cutting on a narrow terminal for sure"
        why="A why text that is long too, and wraps over several lines instead of being cut, because it is prose."
        diffs={[{ path: 'services/some/deeply/nested/folder/docker-compose.override.yml', diff: DIFF_COMPOSE }]}
        effects={['run: docker compose -f docker-compose.dev.yml -f docker-compose.override.yml config -q']}
        risk="high"
        priority="low"
        onAnswer={() => {}}
        height={24}
      />,
      { columns: 60 },
    );
    await tick();
    expect(Math.max(...lineWidths(r.lastFrame()))).toBeLessThanOrEqual(60);
    expect(r.lastFrame()).toContain('docker-compose.override.yml'); // path cut from the start
    await press(r.stdin, 'd');
    expect(Math.max(...lineWidths(r.lastFrame()))).toBeLessThanOrEqual(60);
  });
});

test('StepScreen: the why wraps at words with no row starting with a space (a word ending at the edge)', async () => {
  // At 20 columns "The point of the" + " migration" would leave " migration" at the start of row 2.
  const why = 'The point of the migration; both stacks up at once, then both torn down.';
  const r = renderSized(<StepScreen stepId="verify-parallel" title="Live" why={why} diffs={[]} height={30} onAnswer={() => {}} />, { columns: 16 });
  await tick();
  const rows = r.lastFrame().split('\n');
  const start = rows.findIndex((l) => l.startsWith('The point'));
  const prose = rows.slice(start, start + 6).filter((l) => l.trim() !== '');
  expect(prose.join(' ')).toContain('The point of the migration; both stacks up at once, then both torn down.');
  for (const l of prose) expect(l).not.toMatch(/^ /);
});
