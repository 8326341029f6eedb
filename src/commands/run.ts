import { existsSync, rmSync } from 'node:fs';
import { NeedsInputError, UserError } from '../engine/errors.js';
import { resolveVariables } from '../engine/playbook/resolve-vars.js';
import { substitute } from '../engine/playbook/variables.js';
import { runPlaybook } from '../engine/runner.js';
import { Session } from '../engine/session.js';
import { workspaceFor } from '../engine/workspace.js';
import { noTerminalPrompter } from '../reporters/no-terminal-prompter.js';
import { rollBackEverything, rollbackCommand } from './rollback.js';
import { startScreenData } from './start-screen.js';
import type { CommandIO, GlobalOptions } from './options.js';
import type { Reporter } from '../reporters/types.js';
import { canAsk, loadFor, pickReporter, projectRoot, readSavedState } from './setup.js';

/** `migrate-wizard [run]`: run the playbook, or resume a saved run at the exact action. */
export async function runCommand(opts: GlobalOptions, io: CommandIO, early?: Reporter): Promise<number> {
  const reporter = early && closesOnce(early);
  try {
    return await runWith(opts, io, reporter);
  } catch (err) {
    // A problem found before the run (bad input): give the terminal back before the message.
    await reporter?.close();
    throw err;
  }
}

function closesOnce(r: Reporter): Reporter {
  let closing: Promise<void> | undefined;
  return { ...r, close: () => (closing ??= r.close()) };
}

async function runWith(opts: GlobalOptions, io: CommandIO, early: Reporter | undefined): Promise<number> {
  const root = projectRoot(opts);
  const { playbook, facts } = await loadFor(opts, root);
  const saved = readSavedState(root);
  if (saved?.playbook && saved.playbook !== playbook.name && !opts.force) {
    throw new UserError(
      `this project has a migration in progress with playbook "${saved.playbook}", not "${playbook.name}"`,
      64,
      `finish it (--playbook ${saved.playbook}), or roll it back first (migrate-wizard rollback --playbook ${saved.playbook})`,
    );
  }
  if (!opts.yes && !canAsk(opts, io)) {
    throw new NeedsInputError('migrate-wizard asks before applying each step', '--yes (or run it in a terminal)');
  }
  const ws = workspaceFor(root);
  // Only a folder this run created may be removed again: another run's lock may live in an existing one.
  const fresh = !existsSync(ws.dir);
  const reporter = early ?? (await pickReporter(opts, io, String(facts.projectName), ws.logs));
  const prompter = canAsk(opts, io) ? reporter.prompter : noTerminalPrompter;
  let session: Session | undefined;
  let handedOff = false;
  try {
    const vars = await resolveVariables(playbook, { facts, saved: saved?.vars ?? {}, set: opts.set }, prompter, opts.yes);
    let rollbackFirst = false;
    if (reporter.askStart && !opts.yes) {
      const data = await startScreenData(root, playbook, saved);
      const choice = await reporter.askStart(data.facts, data.saved, data.playbook);
      if (choice === 'quit') return 0;
      if (choice === 'rollback') {
        handedOff = true;
        return await rollbackCommand({ ...opts, step: undefined, phase: undefined }, io, reporter);
      }
      rollbackFirst = choice === 'start-over';
    }
    session = Session.open(root, 'run', (e) => reporter.onEvent(e));
    if (rollbackFirst) {
      const confirmed = await rollBackEverything(session, playbook, String(facts.projectName), prompter);
      if (!confirmed) return 0;
    }
    const next = (playbook.next ?? []).map((n) => substitute(n, vars, 'playbook.yaml'));
    const result = await runPlaybook({ session, playbook, vars, prompter, assumeYes: opts.yes, signal: io.signal, from: opts.from, to: opts.to, next });
    return result.exitCode;
  } finally {
    const journalEmpty = session ? session.journal.all().length === 0 : true;
    await session?.close();
    if (!handedOff) await reporter.close();
    // Bad input found before any change: leave no trace, not even the state folder.
    if (fresh && journalEmpty) rmSync(ws.dir, { recursive: true, force: true });
  }
}
