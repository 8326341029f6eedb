import { existsSync } from 'node:fs';
import { resolveVariables } from '../engine/playbook/resolve-vars.js';
import { Session } from '../engine/session.js';
import { verifyMigration } from '../engine/verify.js';
import { workspaceFor } from '../engine/workspace.js';
import { noTerminalPrompter } from '../reporters/no-terminal-prompter.js';
import type { CommandIO, GlobalOptions } from './options.js';
import { loadFor, pickReporter, projectRoot, readSavedState } from './setup.js';

/** `verify`: re-run the checks of completed steps and report drift. Exit 4 on drift, 1 on a failed check. */
export async function verifyCommand(opts: GlobalOptions, io: CommandIO): Promise<number> {
  const root = projectRoot(opts);
  const ws = workspaceFor(root);
  if (!existsSync(ws.journal)) {
    io.stderr.write('Nothing to verify: no migration step has been applied in this project yet.\n');
    return 0;
  }
  const { playbook, facts } = await loadFor(opts, root);
  const saved = readSavedState(root);
  const vars = await resolveVariables(playbook, { facts, saved: saved?.vars ?? {}, set: opts.set }, noTerminalPrompter, true);
  const reporter = await pickReporter({ ...opts, plain: true }, io, String(facts.projectName), ws.logs);
  const session = Session.open(root, 'verify', (e) => reporter.onEvent(e));
  try {
    const result = await verifyMigration(session, playbook, vars, noTerminalPrompter, io.signal);
    const summary = result.exitCode === 0 ? 'Verified: every check passes and no file drifted.' : `Verify found ${result.drift.length} drifted file(s) and ${result.failedChecks.length} failed check(s).`;
    session.emit({ type: 'log', level: result.exitCode === 0 ? 'info' : 'error', line: summary });
    session.emit({
      type: 'done',
      status: result.exitCode === 0 ? 'ok' : result.drift.length > 0 ? 'drift' : 'failed',
      exitCode: result.exitCode,
      summary: { created: [], modified: [], renamed: [], skipped: [], failed: result.failedChecks.map((f) => ({ stepId: f.split(':')[0], reason: f })), next: [], logFile: session.logFile },
    });
    return result.exitCode;
  } finally {
    await session.close();
    await reporter.close();
  }
}
