import { existsSync } from 'node:fs';
import { ExitCode, UserError } from '../engine/errors.js';
import { executeRollback, planRollback, type RollbackPlan, type RollbackScope } from '../engine/rollback.js';
import { Session } from '../engine/session.js';
import { workspaceFor } from '../engine/workspace.js';
import type { Playbook } from '../engine/playbook/types.js';
import { noTerminalPrompter } from '../reporters/no-terminal-prompter.js';
import type { Reporter } from '../reporters/types.js';
import type { Prompter } from '../engine/prompts.js';
import type { CommandIO, GlobalOptions } from './options.js';
import { canAsk, loadFor, pickReporter, projectRoot } from './setup.js';
import { projectNameFrom } from '../facts/detect.js';

/** What a whole rollback will do, newest first, with edited files named, for the confirmation. */
function describePlan(projectName: string, plan: RollbackPlan): string {
  const lines = plan.entries.slice(0, 12).map((e) => {
    const what = e.op === 'rename-back' ? `rename ${e.from} → ${e.path}` : e.op === 'run-revert' ? `run ${e.path}` : `${e.op} ${e.path}`;
    return `  ${what}${e.drifted ? '   ⚠ edited since the wizard wrote it' : ''}`;
  });
  if (plan.entries.length > 12) lines.push(`  … and ${plan.entries.length - 12} more`);
  const drifted = plan.entries.filter((e) => e.drifted).map((e) => e.path);
  const warning = drifted.length ? `\n${drifted.length} file(s) were edited since: ${drifted.join(', ')} (rollback will refuse them without --force)` : '';
  return `Roll back the whole migration of ${projectName}: ${plan.entries.length} change(s) will be undone, newest first:\n${lines.join('\n')}${warning}`;
}

/** Ask for the project name, then roll back everything (Start over). false when not confirmed. */
export async function rollBackEverything(session: Session, playbook: Playbook | undefined, projectName: string, prompter: Prompter, force = false): Promise<boolean> {
  const plan = planRollback(session, playbook, { kind: 'all' }, force);
  if (plan.entries.length > 0) {
    const answer = await prompter.ask({ kind: 'confirm-dangerous', message: describePlan(projectName, plan), expected: projectName });
    if (!answer.confirmed) {
      session.emit({ type: 'log', level: 'warn', line: 'rollback cancelled: nothing was changed' });
      return false;
    }
  }
  await executeRollback(session, plan, force, 'everything');
  return true;
}

/** `rollback [--phase ID | --step ID] [--force]`: undo from the journal, newest first, in any later process. */
export async function rollbackCommand(opts: GlobalOptions, io: CommandIO, existingReporter?: Reporter): Promise<number> {
  const root = projectRoot(opts);
  const ws = workspaceFor(root);
  if (opts.phase && opts.step) throw new UserError('pass --phase or --step, not both');
  if (!existsSync(ws.journal)) {
    io.stderr.write('Nothing to roll back: no migration step has been applied in this project.\n');
    return 0;
  }
  const scope: RollbackScope = opts.step ? { kind: 'step', id: opts.step } : opts.phase ? { kind: 'phase', id: opts.phase } : { kind: 'all' };
  // The playbook only names the steps of a phase; rollback works from the journal alone if it is gone.
  let playbook: Playbook | undefined;
  try {
    playbook = (await loadFor(opts, root)).playbook;
  } catch {
    playbook = undefined;
  }
  const projectName = projectNameFrom(root);
  const reporter = existingReporter ?? (await pickReporter(opts, io, projectName, ws.logs));
  const prompter = canAsk(opts, io) ? reporter.prompter : noTerminalPrompter;
  const session = Session.open(root, 'rollback', (e) => reporter.onEvent(e));
  try {
    if (scope.kind === 'all' && !opts.yes) {
      if (!(await rollBackEverything(session, playbook, projectName, prompter, opts.force))) return ExitCode.ok;
    } else {
      const plan = planRollback(session, playbook, scope, opts.force);
      await executeRollback(session, plan, opts.force, scope.kind === 'all' ? 'everything' : `${scope.kind} ${scope.id}`);
    }
    session.emit({
      type: 'done',
      status: 'ok',
      exitCode: 0,
      summary: { created: [], modified: [], renamed: [], skipped: [], failed: [], next: [], logFile: session.logFile },
    });
    return ExitCode.ok;
  } finally {
    await session.close();
    await reporter.close();
  }
}
