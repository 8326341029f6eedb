import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import { LogPane } from './LogPane.js';
import { lineWidths, renderSized, tick, withColor } from '../../../../tests/helpers/ink.js';

const lines = Array.from({ length: 5 }, (_, i) => ({ level: 'info' as const, stream: 'stdout' as const, line: `line ${i}` }));

describe('LogPane', () => {
  test('shows the last lines, how many there were, and names the full log file', () => {
    const f = render(<LogPane lines={lines} total={200_000} logPath="/p/.migrate-wizard/logs/run.log" height={3} />).lastFrame()!;
    expect(f).toContain('last 3 of 200,000 lines');
    expect(f).toContain('full log: /p/.migrate-wizard/logs/run.log');
    expect(f).toContain('line 4');
    expect(f).toContain('line 2');
    expect(f).not.toContain('line 1');
  });

  test('command output cannot break the layout: escapes, tabs and \\r progress lines are cleaned', () => {
    const f = render(
      <LogPane
        lines={[
          { level: 'info', line: '\u001B[31mred\u001B[0m\tafter-tab' },
          { level: 'info', line: '10%\r50%\r100% done' },
          { level: 'info', line: 'bell\u0007here\u001B[2J' },
        ]}
        total={3}
        height={5}
      />,
    ).lastFrame()!;
    expect(f).toContain('red  after-tab');
    expect(f).toContain('100% done');
    expect(f).not.toContain('50%');
    expect(f).toContain('bellhere');
    expect(f).not.toContain('\u001B');
  });

  test('stderr is not a warning by itself: compose progress on stderr stays plain, warn and error lines are coloured', async () => {
    await withColor(() => {
      const f = render(
        <LogPane
          lines={[
            { level: 'info', stream: 'stderr', line: 'Creating shop-web-dev ... done' },
            { level: 'warn', line: 'backup: .env.test does not exist; skipped' },
            { level: 'error', stream: 'stderr', line: 'ERROR: port is already allocated' },
          ]}
          total={3}
          height={5}
        />,
      ).lastFrame()!;
      expect(f).toMatch(/(^|\n)Creating shop-web-dev \.\.\. done/);
      expect(f).toContain('\u001B[33mbackup: .env.test does not exist');
      expect(f).toContain('\u001B[31mERROR: port is already allocated');
    });
  });

  test('at 60 columns long lines and a long path are cut, keeping the file name', async () => {
    const r = renderSized(
      <LogPane
        lines={[{ level: 'info', line: 'x'.repeat(500) }]}
        total={1000}
        logPath="/home/someone/projects/a-long-project-name/.migrate-wizard/logs/run-2026-11-21T20-40-00.log"
        height={1}
      />,
      { columns: 60 },
    );
    await tick();
    expect(Math.max(...lineWidths(r.lastFrame()))).toBeLessThanOrEqual(60);
    expect(r.lastFrame()).toMatch(/full log: …\S*T20-40-00\.log/);
  });
});
