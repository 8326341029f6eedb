/**
 * Which compose CLI the user has, and whether an engine answers. Checked in the order
 * users most likely mean: `docker compose` (v2 plugin), `docker-compose` (v1 or the v2
 * standalone binary), `podman compose`, `podman-compose`. Nothing runs through a shell.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { loadExeca } from '../engine/load-execa.js';

export type EngineName = 'docker' | 'podman';
export type ComposeCliName = 'docker compose' | 'docker-compose' | 'podman compose' | 'podman-compose';

export interface ComposeCli {
  name: ComposeCliName;
  /** Argv prefix: `[...argv, '-f', file, 'up']`. */
  argv: string[];
  /** e.g. "2.29.1" or "1.29.2"; "unknown" when the CLI does not print one. */
  version: string;
  /** The engine client for inspect/ps/logs (`docker` or `podman`). */
  engine: EngineName;
}

export interface ComposeCandidate {
  name: ComposeCliName;
  argv: string[];
  engine: EngineName;
  versionArgs: string[];
}

export const composeCandidates: readonly ComposeCandidate[] = [
  { name: 'docker compose', argv: ['docker', 'compose'], engine: 'docker', versionArgs: ['version', '--short'] },
  { name: 'docker-compose', argv: ['docker-compose'], engine: 'docker', versionArgs: ['version', '--short'] },
  { name: 'podman compose', argv: ['podman', 'compose'], engine: 'podman', versionArgs: ['version'] },
  { name: 'podman-compose', argv: ['podman-compose'], engine: 'podman', versionArgs: ['version'] },
];

export interface EngineStatus {
  reachable: boolean;
  /** Server version when reachable. */
  version?: string;
  /** Why not, in plain words, when unreachable. */
  reason?: string;
}

export interface DetectOptions {
  candidates?: readonly ComposeCandidate[];
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Accept a standalone CLI (docker-compose, podman-compose) when it is on PATH, leaving
   * `version` "unknown" until ensureVersion() asks. `docker-compose version` is a python
   * start-up (1 to 1.7 s on a busy 2-core machine), which would otherwise be added to every live check.
   */
  lazyVersion?: boolean;
}

/** Is `name` an executable on PATH? (No process started.) */
export function onPath(name: string, envPath = process.env.PATH ?? ''): boolean {
  const dirs = name.includes('/') ? [''] : envPath.split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    try {
      accessSync(dir ? path.join(dir, name) : name, constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/** First version-looking token, e.g. "v2.29.1-desktop.1" → "2.29.1". */
export function parseVersion(text: string): string | undefined {
  return /(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1];
}

async function probe(argv: string[], timeoutMs: number, signal?: AbortSignal) {
  const [file, ...args] = argv;
  const execa = await loadExeca();
  return execa(file, args, {
    reject: false,
    timeout: timeoutMs,
    stdin: 'ignore',
    cancelSignal: signal,
  });
}

/** CLIs accepted by `lazyVersion` whose version has not been asked yet. */
const unprobed = new WeakMap<ComposeCli, string[]>();

/**
 * The CLI's version, asking it now if detection was lazy. Not run in the background on
 * purpose: a python start-up beside `docker-compose up` slows the `up` on a 2-core machine.
 */
export async function ensureVersion(cli: ComposeCli, timeoutMs = 10_000): Promise<string> {
  const versionArgs = unprobed.get(cli);
  if (!versionArgs) return cli.version;
  unprobed.delete(cli);
  const r = await probe([...cli.argv, ...versionArgs], timeoutMs).catch(() => undefined);
  if (r?.exitCode === 0) cli.version = parseVersion(String(r.stdout)) ?? parseVersion(String(r.stderr)) ?? 'unknown';
  return cli.version;
}

/** "docker-compose 1.29.2", or just the name while the version is not known. */
export function cliLabel(cli: ComposeCli): string {
  return cli.version === 'unknown' ? cli.name : `${cli.name} ${cli.version}`;
}

/** The first compose CLI that answers `version`, or null when none does. */
export async function detectComposeCli(opts: DetectOptions = {}): Promise<ComposeCli | null> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  for (const candidate of opts.candidates ?? composeCandidates) {
    if (!onPath(candidate.argv[0])) continue;
    if (opts.lazyVersion && candidate.argv.length === 1) {
      const cli: ComposeCli = { name: candidate.name, argv: [...candidate.argv], version: 'unknown', engine: candidate.engine };
      unprobed.set(cli, candidate.versionArgs);
      return cli;
    }
    const result = await probe([...candidate.argv, ...candidate.versionArgs], timeoutMs, opts.signal);
    if (result.isCanceled) return null;
    if (result.exitCode !== 0) continue;
    const version = parseVersion(String(result.stdout)) ?? parseVersion(String(result.stderr)) ?? 'unknown';
    return { name: candidate.name, argv: [...candidate.argv], version, engine: candidate.engine };
  }
  return null;
}

/** Does the engine answer `info` within the timeout (default 5 s)? */
export async function engineStatus(engine: EngineName, timeoutMs = 5_000, signal?: AbortSignal): Promise<EngineStatus> {
  if (!onPath(engine)) return { reachable: false, reason: `${engine} is not installed` };
  const format = engine === 'docker' ? '{{.ServerVersion}}' : '{{.Version.Version}}';
  const result = await probe([engine, 'info', '--format', format], timeoutMs, signal);
  if (result.exitCode === 0) return { reachable: true, version: String(result.stdout).trim() || undefined };
  if ((result as { code?: string }).code === 'ENOENT') return { reachable: false, reason: `${engine} is not installed` };
  if (result.timedOut) return { reachable: false, reason: `\`${engine} info\` did not answer within ${timeoutMs / 1000}s` };
  if (result.isCanceled) return { reachable: false, reason: 'interrupted' };
  const firstLine = [String(result.stderr), String(result.stdout)]
    .join('\n')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !/^(Client|Server):?$/.test(l) && !/^(Version|Context|Debug Mode):/.test(l));
  return { reachable: false, reason: firstLine ?? `\`${engine} info\` failed (exit code ${result.exitCode})` };
}

export interface LiveEnvironment {
  cli: ComposeCli | null;
  engine: EngineStatus;
  /** Set when live checks cannot run: why, in one line. */
  unavailable?: string;
}

let cached: Promise<LiveEnvironment> | undefined;

/**
 * The compose CLI and engine status, detected once per process (the checks of one run
 * share it; detection costs a python start-up with docker-compose v1). `fresh` re-detects.
 */
export function detectLive(opts: DetectOptions & { fresh?: boolean } = {}): Promise<LiveEnvironment> {
  if (!cached || opts.fresh || opts.candidates) {
    const attempt = detectLiveNow(opts);
    if (!opts.candidates) cached = attempt;
    // A failed detection (engine down) is retried next time: the user may start it meanwhile.
    attempt.then((env) => {
      if (env.unavailable && cached === attempt) cached = undefined;
    });
    return attempt;
  }
  return cached;
}

async function detectLiveNow(opts: DetectOptions): Promise<LiveEnvironment> {
  const candidates = opts.candidates ?? composeCandidates;
  // The engine probe and the CLI probe are independent: run them side by side.
  const dockerFirst = candidates[0]?.engine ?? 'docker';
  const [cli, firstEngine] = await Promise.all([detectComposeCli({ lazyVersion: true, ...opts }), engineStatus(dockerFirst, 5_000, opts.signal)]);
  if (!cli) {
    const tried = candidates.map((c) => c.name).join(', ');
    return { cli, engine: firstEngine, unavailable: `no compose CLI found (tried ${tried})` };
  }
  const engine = cli.engine === dockerFirst ? firstEngine : await engineStatus(cli.engine, 5_000, opts.signal);
  if (!engine.reachable) return { cli, engine, unavailable: `no ${cli.engine} engine answers: ${engine.reason}` };
  return { cli, engine };
}

/** Forget the detected CLI and engine (the environment changed, e.g. DOCKER_HOST in a test). */
export function forgetLiveDetection(): void {
  cached = undefined;
}

/**
 * The user's compose CLI as a command string for Makefiles and messages ("docker compose",
 * "docker-compose", ...), synchronously, for fact detection. Starts at most the fast Go
 * clients (`docker compose version`); standalone CLIs are taken from PATH. null when none.
 */
export function composeCliCommandSync(candidates: readonly ComposeCandidate[] = composeCandidates): string | null {
  for (const c of candidates) {
    if (!onPath(c.argv[0])) continue;
    if (c.argv.length === 1) return c.argv[0];
    const r = spawnSync(c.argv[0], [...c.argv.slice(1), ...c.versionArgs], { stdio: 'ignore', timeout: 10_000 });
    if (r.status === 0) return c.argv.join(' ');
  }
  return null;
}
