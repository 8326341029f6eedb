import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import type { PromptAnswer } from '../../../engine/prompts.js';
import { ManualItems } from './ManualItems.js';
import { KEY, frameMatching, press, routed, tick } from '../../../../tests/helpers/ink.js';

const items = [
  { id: 'team', text: 'The team knows the new make targets', required: true },
  { id: 'ci', text: 'CI secrets moved to .env.test', required: true },
  { id: 'docs', text: 'README updated', required: false },
];

function setup() {
  const answers: PromptAnswer<'manual'>[] = [];
  const r = render(routed(<ManualItems stepId="sign-off" items={items} onAnswer={(a) => answers.push(a)} />));
  return { ...r, answers };
}

describe('ManualItems (manual)', () => {
  test('lists unticked checkboxes, marks required ones, offers a note, Continue and Quit', () => {
    const f = setup().lastFrame()!;
    expect(f).toMatch(/› \[ \] The team knows the new make targets \*/);
    expect(f).toMatch(/\[ \] README updated\n/);
    expect(f).toContain('Note: ');
    expect(f).toContain('Continue');
    expect(f).toContain('Quit and resume later');
  });

  test('Continue is refused until every required item is ticked; then answers with ids and note', async () => {
    const s = setup();
    await tick();
    await press(s.stdin, ' '); // tick "team"
    await frameMatching(s.lastFrame, /› \[x\] The team/);
    await press(s.stdin, KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter); // Continue with "ci" unticked
    expect(s.answers).toEqual([]);
    await frameMatching(s.lastFrame, /Tick every item marked \* first\./);
    await press(s.stdin, KEY.up, KEY.up, KEY.up, KEY.enter); // tick "ci" with Enter
    await press(s.stdin, KEY.down, KEY.down, 'done by Ann', KEY.enter); // note; Enter moves to Continue
    await press(s.stdin, KEY.enter);
    expect(s.answers).toEqual([{ confirmed: ['team', 'ci'], note: 'done by Ann' }]);
  });

  test('j/k in the note are text, not moves; Quit answers quit', async () => {
    const s = setup();
    await tick();
    await press(s.stdin, 'j', 'j', 'j', 'jk', KEY.down, KEY.down);
    await frameMatching(s.lastFrame, /Note: jk/);
    await press(s.stdin, KEY.enter);
    expect(s.answers).toEqual([{ choice: 'quit' }]);
  });
});
