import { expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import { HelpOverlay } from './HelpOverlay.js';
import { press, routed, tick } from '../../../../tests/helpers/ink.js';

test('HelpOverlay lists the keys and the status marks; any key closes it', async () => {
  let closed = 0;
  const r = render(routed(<HelpOverlay onClose={() => closed++} />));
  const f = r.lastFrame()!;
  expect(f).toContain('Enter');
  expect(f).toContain('open the step');
  expect(f).toContain('Ctrl+C');
  expect(f).toContain('↺ rolled back');
  await tick();
  await press(r.stdin, 'x');
  expect(closed).toBe(1);
});
