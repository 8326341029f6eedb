import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import type { LiveItem } from '../store.js';
import { LiveChecks, liveChecksHeight } from './LiveChecks.js';
import { tick } from '../../../../tests/helpers/ink.js';

const running: LiveItem = { kind: 'check', index: 0, type: 'command', summary: 'make -n dev-up', status: 'running' };

describe('LiveChecks', () => {
  test('a running check spins, then shows ✓ with its duration', async () => {
    const r = render(<LiveChecks items={[running]} />);
    const first = r.lastFrame()!;
    expect(first).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] check make -n dev-up/);
    await tick(250);
    expect(r.lastFrame()).not.toBe(first); // the spinner moved
    r.rerender(<LiveChecks items={[{ ...running, status: 'passed', durationMs: 1234 }]} />);
    expect(r.lastFrame()).toMatch(/✓ check make -n dev-up\s+1\.2s/);
  });

  test('a failed check shows ✗, its duration and the reason on the next line', () => {
    const r = render(
      <LiveChecks
        items={[
          { kind: 'action', index: 0, type: 'file.write', summary: 'write docker-compose.dev.yml', status: 'done' },
          { ...running, status: 'failed', durationMs: 80, message: 'exit 2, expected 0' },
        ]}
      />,
    );
    expect(r.lastFrame()).toMatch(/✓ write docker-compose\.dev\.yml\n✗ check make -n dev-up\s+80ms\n\s+↳ exit 2, expected 0/);
  });

  test('keeps only the newest rows that fit', () => {
    const items: LiveItem[] = Array.from({ length: 10 }, (_, i) => ({ ...running, index: i, summary: `check ${i}`, status: 'passed', durationMs: 5 }));
    const f = render(<LiveChecks items={items} maxRows={3} />).lastFrame()!;
    expect(f).toContain('… 7 earlier');
    expect(f).toContain('check 9');
    expect(f).not.toContain('check 6');
    expect(liveChecksHeight(items, 3)).toBe(4); // 3 rows + the "earlier" line
    expect(f.split('\n')).toHaveLength(4);
  });
});

test('a multi-line failure message takes one row: its first line, marked …', () => {
  const f = render(
    <LiveChecks items={[{ ...running, status: 'failed', durationMs: 5, message: 'compose up failed:\n  Creating network\n  Building db' }]} />,
  ).lastFrame()!;
  expect(f.split('\n')).toHaveLength(2);
  expect(f).toMatch(/↳ compose up failed: …$/);
});
