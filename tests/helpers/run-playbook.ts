import type { EngineEvent } from '../../src/engine/events.js';
import type { Playbook } from '../../src/engine/playbook/types.js';
import type { Prompter } from '../../src/engine/prompts.js';
import { runPlaybook } from '../../src/engine/runner.js';
import { Session } from '../../src/engine/session.js';

/** Run a playbook through the engine in a real session on `root`; returns the result and every event. */
export async function runInSession(root: string, playbook: Playbook, prompter: Prompter, { assumeYes = false } = {}) {
  const events: EngineEvent[] = [];
  const session = Session.open(root, 'run', (e) => events.push(e));
  try {
    const result = await runPlaybook({ session, playbook, vars: {}, prompter, assumeYes, signal: new AbortController().signal });
    return { result, events };
  } finally {
    await session.close();
  }
}
