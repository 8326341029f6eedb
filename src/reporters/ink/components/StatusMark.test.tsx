import { expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import { Text } from 'ink';
import { Badge } from './Badge.js';
import { StatusMark } from './StatusMark.js';

test('StatusMark: a distinct mark per status; a spinner only while running', () => {
  const marks = (['pending', 'passed', 'failed', 'skipped', 'rolled-back'] as const).map((s) => render(<StatusMark status={s} />).lastFrame());
  expect(marks).toEqual(['○', '✓', '✗', '↷', '↺']);
  expect(render(<StatusMark status="running" />).lastFrame()).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]$/);
  expect(render(<StatusMark status="running" spin={false} />).lastFrame()).toBe('◐');
});

test('Badge: short risk and priority words', () => {
  expect(render(<Text><Badge risk="critical" priority="medium" /></Text>).lastFrame()).toBe('risk:crit prio:med');
});
