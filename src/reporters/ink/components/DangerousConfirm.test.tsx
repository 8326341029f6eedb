import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import { Text } from 'ink';
import type { PromptAnswer } from '../../../engine/prompts.js';
import { DangerousConfirm } from './DangerousConfirm.js';
import { KEY, frameMatching, press, routed, tick } from '../../../../tests/helpers/ink.js';

function setup() {
  const answers: PromptAnswer<'confirm-dangerous'>[] = [];
  const r = render(
    routed(
      <DangerousConfirm message="Roll back everything the wizard did in shop" expected="shop" onAnswer={(a) => answers.push(a)}>
        <Text>PLAN GOES HERE</Text>
      </DangerousConfirm>,
    ),
  );
  return { ...r, answers };
}

describe('DangerousConfirm (confirm-dangerous)', () => {
  test('shows what will happen and asks for the project name', () => {
    const f = setup().lastFrame()!;
    expect(f).toContain('PLAN GOES HERE');
    expect(f).toContain('⚠ Roll back everything the wizard did in shop');
    expect(f).toContain('Type shop to confirm, or Esc to cancel.');
  });

  test('a wrong name is refused; the exact name confirms', async () => {
    const s = setup();
    await tick();
    await press(s.stdin, 'shop ', KEY.enter);
    expect(s.answers).toEqual([]);
    await frameMatching(s.lastFrame, /That is not “shop”/);
    await press(s.stdin, KEY.backspace, KEY.enter);
    expect(s.answers).toEqual([{ confirmed: true }]);
  });

  test('Esc answers not confirmed', async () => {
    const s = setup();
    await tick();
    await press(s.stdin, 'sh', KEY.escape);
    await tick(50);
    expect(s.answers).toEqual([{ confirmed: false }]);
  });
});
