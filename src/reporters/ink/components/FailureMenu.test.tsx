import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import type { PromptAnswer } from '../../../engine/prompts.js';
import { FailureMenu } from './FailureMenu.js';
import { KEY, press, routed, tick } from '../../../../tests/helpers/ink.js';

function setup() {
  const answers: PromptAnswer<'check-failed'>[] = [];
  const r = render(
    routed(
      <FailureMenu
        stepId="dev-compose"
        message={'command `make -n dev-up` exited 2, expected 0\nmake: *** No rule to make target'}
        lastLogLines={['line a', 'line b', '\u001B[31mmake: *** No rule to make target `dev-up`\u001B[0m']}
        onAnswer={(a) => answers.push(a)}
        height={24}
      />,
    ),
  );
  return { ...r, answers };
}

describe('FailureMenu (check-failed)', () => {
  test('shows the failing message, the last log lines and the four choices', () => {
    const f = setup().lastFrame()!;
    expect(f).toContain('✗ Step dev-compose failed');
    expect(f).toContain('exited 2, expected 0');
    expect(f).toContain('make: *** No rule to make target `dev-up`');
    expect(f).not.toContain('\u001B[31m');
    expect(f).toMatch(/› Retry\n\s+Roll back this step\n\s+Skip\n\s+Quit and resume later/);
  });

  test('menu and hotkeys answer retry / revert / skip / quit', async () => {
    const s = setup();
    await tick();
    await press(s.stdin, KEY.down, KEY.enter);
    await press(s.stdin, 'r', 's', 'q', 'b');
    expect(s.answers.map((a) => a.choice)).toEqual(['revert', 'retry', 'skip', 'quit', 'revert']);
  });
});
