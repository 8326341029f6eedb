/**
 * Take a compose project down and prove it is gone. `down` through the user's CLI first;
 * if that fails (file missing or broken, CLI gone) the project's containers, networks and
 * (when asked) volumes are removed by label through the engine client. Runs on its own
 * signal so a Ctrl+C that interrupted the check still gets its teardown.
 */
import { runProcess } from '../actions/run-process.js';
import { PROJECT_LABEL, projectContainerIds } from './containers.js';
import type { ComposeCli, EngineName } from './engine-cli.js';
import { composeArgv, type ComposeTarget } from './live-target.js';
import { loadExeca } from '../engine/load-execa.js';

export interface TeardownOptions {
  cli: ComposeCli;
  target: ComposeTarget;
  cwd: string;
  /** Also remove named volumes (`down -v`); right for test projects, wrong for dev data. */
  volumes: boolean;
  /** Seconds each container gets to stop before it is killed (`down -t`). */
  stopTimeout?: number;
  onLine(line: string, stream: 'stdout' | 'stderr'): void;
}

export interface TeardownOutcome {
  ok: boolean;
  /** Names of containers still there afterwards. */
  left: string[];
  /** "down", or "down failed (…); removed by label". */
  how: string;
}

/** Teardown never waits on the user's Ctrl+C, but has its own upper bound. */
const TEARDOWN_MS = 180_000;

export async function teardown(opts: TeardownOptions): Promise<TeardownOutcome> {
  const signal = AbortSignal.timeout(TEARDOWN_MS);
  const { cli, target } = opts;
  const args = ['down', '--remove-orphans', '-t', String(opts.stopTimeout ?? 10)];
  if (opts.volumes) args.push('-v');
  let how = 'down';
  let downOk = false;
  try {
    const outcome = await runProcess({ argv: composeArgv(cli, target, ...args), cwd: opts.cwd, timeoutMs: TEARDOWN_MS, signal, onLine: opts.onLine });
    downOk = outcome.exitCode === 0;
    if (!downOk) how = `down failed (${outcome.problem ?? `exit code ${outcome.exitCode}`}); removed by label`;
  } catch (err) {
    how = `down failed (${(err as Error).message}); removed by label`;
  }
  // Even after a clean `down`, sweep: containers of another file under the same -p stay otherwise.
  const ids = await projectContainerIds(cli.engine, target.project, signal).catch(() => [] as string[]);
  if (ids.length > 0 || !downOk) await sweepByLabel(cli.engine, target.project, opts.volumes, ids, signal);
  const leftIds = await projectContainerIds(cli.engine, target.project, signal).catch(() => ['(engine did not answer)']);
  const left = leftIds.length === 0 ? [] : await containerNames(cli.engine, leftIds);
  return { ok: left.length === 0, left, how };
}

async function sweepByLabel(engine: EngineName, project: string, volumes: boolean, ids: string[], signal: AbortSignal) {
  const execa = await loadExeca();
  const call = (args: string[]) => execa(engine, args, { reject: false, stdin: 'ignore', cancelSignal: signal });
  if (ids.length > 0) await call(['rm', '-f', '-v', ...ids]);
  const filter = ['--filter', `label=${PROJECT_LABEL}=${project}`];
  const networks = String((await call(['network', 'ls', '-q', ...filter])).stdout).split('\n').filter(Boolean);
  if (networks.length > 0) await call(['network', 'rm', ...networks]);
  if (volumes) {
    const vols = String((await call(['volume', 'ls', '-q', ...filter])).stdout).split('\n').filter(Boolean);
    if (vols.length > 0) await call(['volume', 'rm', '-f', ...vols]);
  }
}

async function containerNames(engine: EngineName, ids: string[]): Promise<string[]> {
  if (ids[0]?.startsWith('(')) return ids;
  const execa = await loadExeca();
  const result = await execa(engine, ['inspect', '--format', '{{.Name}}', ...ids], { reject: false, stdin: 'ignore' });
  const names = String(result.stdout).split('\n').map((n) => n.replace(/^\//, '').trim()).filter(Boolean);
  return names.length > 0 ? names : ids.map((id) => id.slice(0, 12));
}
