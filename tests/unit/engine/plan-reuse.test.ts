import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { actionTypes } from '../../../src/actions/index.js';
import { loadPlaybook } from '../../../src/engine/playbook/load.js';
import type { Prompter, PromptRequest } from '../../../src/engine/prompts.js';
import { FACT_NAMES } from '../../../src/facts/detect.js';
import { removeTree, tempDir } from '../../helpers/cli.js';
import { runInSession } from '../../helpers/run-playbook.js';

const dirs: string[] = [];
const restore: (() => void)[] = [];
afterEach(() => {
  restore.splice(0).forEach((r) => r());
  dirs.splice(0).forEach(removeTree);
});

/** Counts how often file.copy plans (the real plan still runs). */
function countPlans(): { calls: number } {
  const def = actionTypes.find((a) => a.type === 'file.copy')!;
  const original = def.plan!;
  const counter = { calls: 0 };
  def.plan = (spec, ctx) => {
    counter.calls++;
    return original(spec, ctx);
  };
  restore.push(() => (def.plan = original));
  return counter;
}

function setup() {
  const root = tempDir('mw-reuse-');
  const pbDir = tempDir('mw-reuse-pb-');
  dirs.push(root, pbDir);
  writeFileSync(path.join(root, 'settings.txt'), 'v1\n');
  writeFileSync(
    path.join(pbDir, '1-p.yaml'),
    `id: p
title: P
steps:
  - id: first
    title: First
    risk: low
    priority: high
    why: Something before the copy.
    actions:
      - { type: file.write, path: first.txt, content: "1\\n" }
  - id: copy
    title: Copy
    risk: low
    priority: high
    why: Copies the settings.
    actions:
      - { type: file.copy, from: settings.txt, to: settings.copy.txt }
`,
  );
  return { root, playbook: loadPlaybook(pbDir, 'reuse', { knownVariables: FACT_NAMES }) };
}

const noQuestions: Prompter = {
  async ask(req) {
    throw new Error(`unexpected question ${req.kind}`);
  },
};

describe('a step applies the plan it was previewed with', () => {
  it('under --yes the preflight plan is applied, not made again', async () => {
    const { root, playbook } = setup();
    const plans = countPlans();
    const { exitCode } = (await runInSession(root, playbook, noQuestions, { assumeYes: true })).result;
    expect(exitCode).toBe(0);
    expect(plans.calls).toBe(1);
    expect(readFileSync(path.join(root, 'settings.copy.txt'), 'utf8')).toBe('v1\n');
  });

  it('a file the plan read changes after the preview: the step plans again and copies what is there now', async () => {
    const { root, playbook } = setup();
    const plans = countPlans();
    const asked: PromptRequest[] = [];
    const prompter: Prompter = {
      async ask(req) {
        asked.push(req);
        // The user edits the file while the copy step waits for confirmation.
        if (req.kind === 'confirm-step' && req.stepId === 'copy') writeFileSync(path.join(root, 'settings.txt'), 'v2\n');
        return { choice: 'apply' } as never;
      },
    };
    const { exitCode } = (await runInSession(root, playbook, prompter)).result;
    expect(exitCode).toBe(0);
    expect(asked.map((r) => r.kind)).toEqual(['confirm-step', 'confirm-step']);
    // Preflight, the preview the user saw, and once more because settings.txt changed.
    expect(plans.calls).toBe(3);
    expect(readFileSync(path.join(root, 'settings.copy.txt'), 'utf8')).toBe('v2\n');
  });

  it('an unchanged project: the confirmed preview is what is applied', async () => {
    const { root, playbook } = setup();
    const plans = countPlans();
    const prompter: Prompter = { ask: async () => ({ choice: 'apply' }) as never };
    expect((await runInSession(root, playbook, prompter)).result.exitCode).toBe(0);
    expect(plans.calls).toBe(2); // preflight and the preview; not a third time
    expect(readFileSync(path.join(root, 'settings.copy.txt'), 'utf8')).toBe('v1\n');
  });
});
