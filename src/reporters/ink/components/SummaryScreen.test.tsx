import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import { SummaryScreen } from './SummaryScreen.js';
import { summary } from '../../../../tests/helpers/ink-fixtures.js';

describe('SummaryScreen', () => {
  test('what changed, what was skipped and why, the next commands, the log file', () => {
    const f = render(<SummaryScreen status="ok" summary={summary()} height={40} />).lastFrame()!;
    expect(f).toMatch(/^✓ Done/);
    expect(f).toMatch(/Created \(2\)\n\s+docker-compose\.dev\.yml\n\s+docker-compose\.test\.yml/);
    expect(f).toMatch(/Changed \(1\)\n\s+Makefile/);
    expect(f).toMatch(/Renamed \(1\)\n\s+\.env → \.env\.dev/);
    expect(f).toMatch(/Skipped \(1\)\n\s+sign-off: team is away this week/);
    expect(f).toMatch(/Next \(2\)\n\s+\$ make dev-up\n\s+\$ make test-up/);
    expect(f).toContain('Full log: /home/me/shop/.migrate-wizard/logs/run-2026-11-21T20-40-00.log');
    expect(f).not.toContain('Failed');
  });

  test('an interrupted run says progress is saved; long lists are cut but Next never is', () => {
    const f = render(
      <SummaryScreen
        status="interrupted"
        summary={summary({ created: Array.from({ length: 30 }, (_, i) => `f${i}`), next: ['a', 'b', 'c', 'd'] })}
        height={16}
      />,
    ).lastFrame()!;
    expect(f).toContain('Stopped. Your progress is saved');
    expect(f).toMatch(/Created \(30\)/);
    expect(f).toMatch(/… \d+ more/);
    expect(f).toMatch(/\$ a\n\s+\$ b\n\s+\$ c\n\s+\$ d/);
  });
});

test('a multi-line skip reason takes one row, so the summary fits the terminal', () => {
  const f = render(
    <SummaryScreen status="ok" summary={summary({ skipped: [{ stepId: 'verify-dev', reason: 'compose up failed\nStep 1/5 : FROM scratch\n --->\nCOPY failed' }] })} height={29} />,
  ).lastFrame()!;
  expect(f).toMatch(/^✓ Done/);
  expect(f).toContain('verify-dev: compose up failed …');
  expect(f).not.toContain('FROM scratch');
  expect(f.split('\n').length).toBeLessThanOrEqual(29);
});

describe('SummaryScreen after a rollback or a failure', () => {
  test('after a rollback an empty summary says what was rolled back, not "No files were changed"', () => {
    const empty = summary({ created: [], modified: [], renamed: [], skipped: [], failed: [], next: [] });
    const after = render(<SummaryScreen status="ok" summary={empty} height={20} rolledBack={12} />).lastFrame()!;
    expect(after).toContain('12 change(s) rolled back.');
    expect(after).not.toContain('No files were changed');
    expect(render(<SummaryScreen status="ok" summary={empty} height={20} />).lastFrame()).toContain('No files were changed.');
  });

  test('a failed run that the user quit says how to pick it up again', () => {
    const f = render(<SummaryScreen status="failed" summary={summary({ failed: [{ stepId: 'verify-dev', reason: 'port taken' }] })} height={30} />).lastFrame()!;
    expect(f).toMatch(/^✗ Stopped: a step failed\nYour progress is saved: run migrate-wizard again to retry it\./);
    expect(f).toMatch(/Failed \(1\)\n\s+verify-dev: port taken/);
  });
});
