import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import type { PromptAnswer } from '../../../engine/prompts.js';
import { VariablePrompt } from './VariablePrompt.js';
import { KEY, frameMatching, press, routed, tick } from '../../../../tests/helpers/ink.js';

describe('VariablePrompt (variable)', () => {
  test('the suggestion is prefilled and Enter accepts it', async () => {
    const answers: PromptAnswer<'variable'>[] = [];
    const r = render(routed(<VariablePrompt name="testPorts" description="Host ports for the test copy" suggestion="18000" onAnswer={(a) => answers.push(a)} />));
    expect(r.lastFrame()).toContain('A value for {{testPorts}}');
    expect(r.lastFrame()).toContain('Host ports for the test copy');
    expect(r.lastFrame()).toContain('--set testPorts=VALUE');
    await tick();
    await press(r.stdin, KEY.enter);
    expect(answers).toEqual([{ value: '18000' }]);
  });

  test('editing: Backspace, arrows and Ctrl+U; an empty value is refused', async () => {
    const answers: PromptAnswer<'variable'>[] = [];
    const r = render(routed(<VariablePrompt name="projectName" description="" suggestion="shop" onAnswer={(a) => answers.push(a)} />));
    await tick();
    await press(r.stdin, KEY.ctrlU, KEY.enter);
    expect(answers).toEqual([]);
    await frameMatching(r.lastFrame, /A value is needed\./);
    await press(r.stdin, 'stor', KEY.left, KEY.left, 'X', KEY.backspace, KEY.right, KEY.right, 'e', KEY.enter);
    expect(answers).toEqual([{ value: 'store' }]);
  });
});
