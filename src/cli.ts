#!/usr/bin/env node
/**
 * The entry point: parses arguments, picks a command and a reporter, and is the one place
 * that exits. `--version` answers before anything else is loaded, to keep start-up fast.
 */
declare const __MW_VERSION__: string;
const VERSION = typeof __MW_VERSION__ === 'string' ? __MW_VERSION__ : '0.0.0-dev';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}

const HELP = `migrate-wizard ${VERSION}
Phased, previewed, resumable and reversible infrastructure migrations.

Usage: migrate-wizard [command] [options]

Commands:
  run (default)   run the playbook, or resume where a saved run stopped
  plan            show every pending change as a unified diff; writes nothing
                  (exit 0: nothing to do, 2: there are changes)
  status          show saved progress
  verify          re-run the checks of completed steps and report drift
  rollback        undo applied steps from the journal, newest first
  unlock          remove a lock left by a crashed run
  audit           survey the repository: inventory and prioritised findings
  schema          print the JSON Schema for phase files

Options:
  --cwd DIR             the project folder (default: the current folder)
  --playbook NAME|PATH  a built-in playbook or a folder (default: parallel-envs)
  --set KEY=VALUE       set a playbook variable (repeatable)
  --from STEP, --to STEP  bound a run to a range of steps
  --phase ID, --step ID   rollback scope (default: everything)
  --force               rollback even files edited since (your version is kept beside them)
  --yes, -y             ask nothing; take the safe default for each question
  --json                NDJSON events on stdout (see README "JSON events")
  --plain               plain line output even on a terminal
  --out FILE            audit: write the Markdown report to FILE and its JSON twin beside it
                        (audit.md → audit.json)
  --help, -h            this help
  --version, -V         the version

Exit codes: 0 ok, 1 a step or check failed, 2 plan found changes, 3 locked,
            4 drift, 64 bad usage or input, 130 interrupted.
`;

const COMMANDS = ['run', 'plan', 'status', 'verify', 'rollback', 'unlock', 'audit', 'schema'] as const;
type CommandName = (typeof COMMANDS)[number];

async function main(): Promise<number> {
  const { parseArgs } = await import('node:util');
  const { UserError, ExitCode } = await import('./engine/errors.js');
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        cwd: { type: 'string' },
        playbook: { type: 'string' },
        set: { type: 'string', multiple: true },
        from: { type: 'string' },
        to: { type: 'string' },
        phase: { type: 'string' },
        step: { type: 'string' },
        force: { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        json: { type: 'boolean' },
        plain: { type: 'boolean' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (err) {
    throw new UserError((err as Error).message.replace(/^.*?: /, '').split('\n')[0], ExitCode.usage, 'see `migrate-wizard --help`');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new UserError(`unexpected argument "${positionals[1]}"`, ExitCode.usage, 'see `migrate-wizard --help`');
  const command = (positionals[0] ?? 'run') as CommandName;
  if (!COMMANDS.includes(command)) {
    throw new UserError(`unknown command "${positionals[0]}"; commands: ${COMMANDS.join(', ')}`, ExitCode.usage, 'see `migrate-wizard --help`');
  }
  const set: Record<string, string> = {};
  for (const pair of values.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserError(`--set ${pair}: expected KEY=VALUE`, ExitCode.usage);
    set[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const opts = {
    cwd: values.cwd ?? process.cwd(),
    playbook: values.playbook ?? 'parallel-envs',
    yes: values.yes ?? false,
    json: values.json ?? false,
    plain: values.plain ?? false,
    set,
    from: values.from,
    to: values.to,
    phase: values.phase,
    step: values.step,
    force: values.force ?? false,
    out: values.out,
  };
  const controller = new AbortController();
  let interrupts = 0;
  const interrupt = () => {
    interrupts++;
    if (interrupts > 1) {
      process.stderr.write('\nStopped at once. The journal is intact: run `migrate-wizard` to resume.\n');
      process.exit(ExitCode.interrupted);
    }
    process.stderr.write('\nFinishing the current change, then saving… (Ctrl+C again to stop at once)\n');
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  // A reader that goes away (`| head -1`) is a stop request, not a crash: finish the current
  // change, save, release the lock. Later writes to the closed pipe are dropped.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
      if (!controller.signal.aborted) controller.abort();
    });
  }
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, signal: controller.signal, interrupt };
  switch (command) {
    case 'run': {
      // On a terminal, draw the UI before loading the engine: the first frame comes sooner.
      const early = interactiveTerminal(opts) ? await earlyInkReporter(opts.cwd, interrupt) : undefined;
      return (await import('./commands/run.js')).runCommand(opts, io, early);
    }
    case 'plan':
      return (await import('./commands/plan.js')).planCommand(opts, io);
    case 'status':
      return (await import('./commands/status.js')).statusCommand(opts, io);
    case 'verify':
      return (await import('./commands/verify.js')).verifyCommand(opts, io);
    case 'rollback':
      return (await import('./commands/rollback.js')).rollbackCommand(opts, io);
    case 'unlock':
      return (await import('./commands/unlock.js')).unlockCommand(opts, io);
    case 'audit':
      return (await import('./commands/audit-entry.js')).auditEntry(opts, io);
    case 'schema': {
      const { phaseJsonSchema } = await import('./engine/playbook/schema.js');
      process.stdout.write(JSON.stringify(phaseJsonSchema(), null, 2) + '\n');
      return 0;
    }
  }
}

function interactiveTerminal(opts: { json: boolean; plain: boolean }): boolean {
  return !opts.json && !opts.plain && Boolean(process.stdin.isTTY) && Boolean(process.stderr.isTTY) && !process.env.CI;
}

async function earlyInkReporter(cwd: string, onInterrupt: () => void) {
  const [{ createInkReporter }, { projectNameFrom }, path] = await Promise.all([
    import('./reporters/ink/index.js'),
    import('./facts/project-name.js'),
    import('node:path'),
  ]);
  return createInkReporter({
    stderr: process.stderr,
    stdin: process.stdin,
    projectName: projectNameFrom(cwd),
    logDir: path.join(path.resolve(cwd), '.migrate-wizard', 'logs'),
    onInterrupt,
  });
}

function report(err: unknown): number {
  const e = err as { name?: string; message?: string; hint?: string; exitCode?: number; stack?: string };
  const known = e && typeof e.exitCode === 'number' && typeof e.message === 'string';
  const exitCode = known ? e.exitCode! : 1;
  const json = argv.includes('--json');
  const message = known ? e.message! : `internal error: ${e?.message ?? String(err)}`;
  const hint = known ? e.hint : 'this is a bug in migrate-wizard; set MIGRATE_WIZARD_DEBUG=1 for details. Your files are safe: every change is in .migrate-wizard/journal.ndjson';
  if (json) process.stdout.write(JSON.stringify({ v: 1, ts: new Date().toISOString(), type: 'error', message, hint, exitCode }) + '\n');
  process.stderr.write(`migrate-wizard: ${message}\n${hint ? `  → ${hint}\n` : ''}`);
  if (!known && process.env.MIGRATE_WIZARD_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  return exitCode;
}

/** Exit once stdout and stderr are drained: a pipe holds only 64 KiB, the rest is written later. */
function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main().then(
  (code) => exitWhenFlushed(code),
  (err) => exitWhenFlushed(report(err)),
);
