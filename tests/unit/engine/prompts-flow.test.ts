import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../../src/engine/playbook/load.js';
import type { Prompter, PromptRequest } from '../../../src/engine/prompts.js';
import { FACT_NAMES } from '../../../src/facts/detect.js';
import { removeTree, tempDir } from '../../helpers/cli.js';
import { runInSession } from '../../helpers/run-playbook.js';

/** Answers prompts from a script, in order; records what was asked. A stand-in for a person at the UI. */
function scriptedPrompterForTests(answers: unknown[]): Prompter & { asked: PromptRequest[] } {
  const asked: PromptRequest[] = [];
  return {
    asked,
    async ask(req) {
      asked.push(req);
      if (answers.length === 0) throw new Error(`no scripted answer for ${req.kind}`);
      return answers.shift() as never;
    },
  };
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeTree));

function setup(checkPasses: string) {
  const root = tempDir('mw-flow-');
  const pbDir = tempDir('mw-flow-pb-');
  dirs.push(root, pbDir);
  writeFileSync(path.join(root, 'original.txt'), 'original\n');
  writeFileSync(
    path.join(pbDir, '1-p.yaml'),
    `id: p
title: P
steps:
  - id: first
    title: First
    risk: low
    priority: high
    why: Writes a file, then checks a marker.
    actions:
      - { type: file.write, path: original.txt, content: "changed\\n" }
      - { type: file.write, path: new/created.txt, content: "new\\n" }
    checks:
      - { type: file.exists, path: ${checkPasses} }
  - id: second
    title: Second
    risk: low
    priority: low
    why: Runs after the first.
    actions:
      - { type: file.write, path: second.txt, content: "2\\n" }
`,
  );
  const playbook = loadPlaybook(pbDir, 'flow', { knownVariables: FACT_NAMES });
  return { root, playbook };
}

describe('prompts drive the run', () => {
  it('confirm-step carries the diff; a failed check offers revert, which restores the step at once', async () => {
    const { root, playbook } = setup('marker.txt');
    const prompter = scriptedPrompterForTests([{ choice: 'apply' }, { choice: 'revert' }]);
    const { result, events } = await runInSession(root, playbook, prompter);
    const confirm = prompter.asked[0] as Extract<PromptRequest, { kind: 'confirm-step' }>;
    expect(confirm.kind).toBe('confirm-step');
    expect(confirm.diffs.map((d) => d.path)).toEqual(['original.txt', 'new/created.txt']);
    expect(confirm.diffs[0].diff).toContain('-original\n+changed');
    expect(prompter.asked[1].kind).toBe('check-failed');
    expect(result.exitCode).toBe(1);
    expect(readFileSync(path.join(root, 'original.txt'), 'utf8')).toBe('original\n');
    expect(existsSync(path.join(root, 'new'))).toBe(false);
    expect(events.find((e) => e.type === 'step-end' && e.stepId === 'first')).toMatchObject({ status: 'rolled-back' });
    expect(existsSync(path.join(root, 'second.txt'))).toBe(false);
  });

  it('retry re-runs the checks after the user fixes the cause', async () => {
    const { root, playbook } = setup('marker.txt');
    const prompter = scriptedPrompterForTests([{ choice: 'apply' }]);
    // The user creates the marker before answering "retry".
    const original = prompter.ask.bind(prompter);
    prompter.ask = async (req) => {
      if (req.kind === 'check-failed') {
        mkdirSync(root, { recursive: true });
        writeFileSync(path.join(root, 'marker.txt'), 'x');
        prompter.asked.push(req);
        return { choice: 'retry' } as never;
      }
      if (req.kind === 'confirm-step' && prompter.asked.length > 0) {
        prompter.asked.push(req);
        return { choice: 'apply' } as never;
      }
      return original(req);
    };
    const { result, events } = await runInSession(root, playbook, prompter);
    expect(result.exitCode).toBe(0);
    expect(events.filter((e) => e.type === 'check-end').map((e) => (e as { status: string }).status)).toEqual(['failed', 'passed']);
    expect(readFileSync(path.join(root, 'second.txt'), 'utf8')).toBe('2\n');
  });

  it('skip at confirm records the reason and changes nothing for that step', async () => {
    const { root, playbook } = setup('original.txt');
    const prompter = scriptedPrompterForTests([{ choice: 'skip', reason: 'not today' }, { choice: 'apply' }]);
    const { result, events } = await runInSession(root, playbook, prompter);
    expect(result.exitCode).toBe(0);
    expect(result.summary.skipped).toEqual([{ stepId: 'first', reason: 'not today' }]);
    expect(readFileSync(path.join(root, 'original.txt'), 'utf8')).toBe('original\n');
    expect(events.find((e) => e.type === 'step-end' && e.stepId === 'first')).toMatchObject({ status: 'skipped', reason: 'not today' });
    const state = JSON.parse(readFileSync(path.join(root, '.migrate-wizard/state.json'), 'utf8'));
    expect(state.steps.first).toMatchObject({ status: 'skipped', reason: 'not today' });
  });

  it('quit at confirm stops with the interrupted exit, nothing of the step applied', async () => {
    const { root, playbook } = setup('original.txt');
    const prompter = scriptedPrompterForTests([{ choice: 'quit' }]);
    await expect(runInSession(root, playbook, prompter)).rejects.toMatchObject({ exitCode: 130 });
    expect(readFileSync(path.join(root, 'original.txt'), 'utf8')).toBe('original\n');
  });
});
