import { expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import { Menu } from './Menu.js';
import { KEY, frameMatching, press, routed, tick } from '../../../../tests/helpers/ink.js';

const items = [
  { value: 'a', label: 'Alpha' },
  { value: 'b', label: 'Beta' },
  { value: 'c', label: 'Gamma' },
];

test('Menu: ↑/↓ and j/k move and wrap, Enter and numbers choose', async () => {
  const chosen: string[] = [];
  const r = render(routed(<Menu items={items} onSelect={(v) => chosen.push(v)} />));
  expect(r.lastFrame()).toMatch(/› Alpha\n\s+Beta/);
  await tick();
  await press(r.stdin, KEY.up, KEY.enter, 'j', KEY.enter, 'k', KEY.down, KEY.down, KEY.enter, '2', '9');
  expect(chosen).toEqual(['c', 'a', 'b', 'b']);
  await frameMatching(r.lastFrame, /› Beta/);
});

test('Menu: "↓ Enter" sent in one burst chooses the row below, not the one the last render showed', async () => {
  const chosen: string[] = [];
  const r = render(routed(<Menu items={items} onSelect={(v) => chosen.push(v)} />));
  await tick();
  r.stdin.write(KEY.down);
  r.stdin.write(KEY.enter);
  await tick(50);
  expect(chosen).toEqual(['b']);
});
