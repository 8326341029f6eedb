import { useState } from 'react';
import { expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import { NoColorContext } from '../theme.js';
import { TextInput } from './TextInput.js';
import { KEY, frameMatching, press, routed, tick } from '../../../../tests/helpers/ink.js';

function Field({ onSubmit, onCancel }: { onSubmit?(v: string): void; onCancel?(): void }) {
  const [v, setV] = useState('');
  return (
    <NoColorContext.Provider value={true}>
      <TextInput value={v} onChange={setV} onSubmit={onSubmit} onCancel={onCancel} placeholder="type here" />
    </NoColorContext.Provider>
  );
}

test('TextInput: typing, paste, cursor moves, delete, Ctrl+U, submit and cancel', async () => {
  const submitted: string[] = [];
  let cancelled = 0;
  const r = render(routed(<Field onSubmit={(v) => submitted.push(v)} onCancel={() => cancelled++} />));
  expect(r.lastFrame()).toBe('_type here');
  await tick();
  await press(r.stdin, 'hello', ' world'); // a paste arrives as one chunk
  await frameMatching(r.lastFrame, /^hello world_$/);
  await press(r.stdin, KEY.left, KEY.left, KEY.left, KEY.left, KEY.left, KEY.backspace, '_');
  await frameMatching(r.lastFrame, /^hello__world$/); // "_" typed, then the cursor mark
  await press(r.stdin, KEY.enter);
  expect(submitted).toEqual(['hello_world']);
  await press(r.stdin, KEY.ctrlU, 'x', KEY.escape);
  await tick(30);
  await frameMatching(r.lastFrame, /^x_$/);
  expect(cancelled).toBe(1);
});

test('TextInput: keys faster than renders all land', async () => {
  const submitted: string[] = [];
  const r = render(routed(<Field onSubmit={(v) => submitted.push(v)} />));
  await tick();
  for (const k of ['a', 'b', 'c', KEY.backspace, 'd', KEY.enter]) r.stdin.write(k);
  await tick(50);
  expect(submitted).toEqual(['abd']);
});

test('TextInput: text and Enter arriving in one chunk (paste, fast tmux) submit the text', async () => {
  const submitted: string[] = [];
  const r = render(routed(<Field onSubmit={(v) => submitted.push(v)} />));
  await tick();
  r.stdin.write('not today\r');
  await tick(50);
  expect(submitted).toEqual(['not today']);
});

test('TextInput: Backspace held down (several in one chunk) deletes each character', async () => {
  const submitted: string[] = [];
  const r = render(routed(<Field onSubmit={(v) => submitted.push(v)} />));
  await tick();
  r.stdin.write('shap');
  await tick(20);
  r.stdin.write('\u007F\u007F\u007F'); // what tmux send-keys BSpace BSpace BSpace (or key repeat) delivers
  await tick(20);
  r.stdin.write('hop\r');
  await tick(50);
  expect(submitted).toEqual(['shop']);
});
