import { statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { InterruptedError, UserError } from '../engine/errors.js';
import { resolveInside } from '../engine/paths.js';
import { loadExeca } from '../engine/load-execa.js';

/**
 * Run a command without a shell, streaming its output line by line. Memory stays bounded
 * whatever the command prints: nothing is buffered except the last `tailSize` lines (for the
 * failure message) and at most MAX_LINE characters of an unfinished line.
 * Shared by the `run` action and the `command` check.
 */
export interface RunProcessOptions {
  argv: string[];
  /** Absolute working folder. */
  cwd: string;
  env?: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  onLine(line: string, stream: 'stdout' | 'stderr'): void;
  tailSize?: number;
}

export interface ProcessOutcome {
  /** undefined when the command did not start or was killed. */
  exitCode?: number;
  /** Why there is no exit code, in plain words, starting with the command ("make: command not found; ..."). */
  problem?: string;
  /** Last lines of stdout and stderr together, in arrival order. */
  tail: string[];
}

/** Longest line kept whole; a longer one is passed on in pieces so memory stays bounded. */
export const MAX_LINE = 64 * 1024;

export async function runProcess(opts: RunProcessOptions): Promise<ProcessOutcome> {
  const [file, ...args] = opts.argv;
  const tailSize = opts.tailSize ?? 50;
  const tail: string[] = [];
  const emit = (line: string, stream: 'stdout' | 'stderr') => {
    tail.push(line);
    if (tail.length > tailSize) tail.shift();
    opts.onLine(line, stream);
  };
  if (opts.signal.aborted) throw new InterruptedError();

  const execa = await loadExeca();
  const subprocess = execa(file, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    reject: false,
    cancelSignal: opts.signal,
    timeout: opts.timeoutMs,
    all: false,
    stdin: 'ignore',
    // No buffering in execa: we read the streams ourselves and keep only the tail.
    buffer: false,
  });
  const done = Promise.all([
    subprocess.stdout ? readLines(subprocess.stdout, (line) => emit(line, 'stdout')) : undefined,
    subprocess.stderr ? readLines(subprocess.stderr, (line) => emit(line, 'stderr')) : undefined,
  ]);
  const result = await subprocess;
  await done;

  if (result.isCanceled) throw new InterruptedError(`interrupted while running ${file}`);
  if (result.timedOut) return { problem: `${file}: timed out after ${opts.timeoutMs / 1000}s and was stopped`, tail };
  const code = (result as { code?: string }).code;
  if (code === 'ENOENT') {
    return { problem: `${file}: command not found; install it or check that it is on PATH`, tail };
  }
  if (code === 'EACCES') return { problem: `${file}: permission denied; is it executable?`, tail };
  if (typeof result.exitCode === 'number') return { exitCode: result.exitCode, tail };
  if (result.signal) return { problem: `${file}: killed by ${result.signal}`, tail };
  return { problem: `${file}: ${result.shortMessage ?? 'failed to start'}`, tail };
}

/** Split a stream into lines (LF or CRLF) as chunks arrive. */
function readLines(stream: Readable, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    const take = (text: string) => {
      pending += text;
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', start)) {
        onLine(pending.slice(start, nl).replace(/\r$/, ''));
        start = nl + 1;
      }
      pending = pending.slice(start);
      while (pending.length > MAX_LINE) {
        onLine(pending.slice(0, MAX_LINE));
        pending = pending.slice(MAX_LINE);
      }
    };
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      take(decoder.end());
      if (pending !== '') onLine(pending.replace(/\r$/, ''));
      pending = '';
      resolve();
    };
    stream.on('data', (chunk: Buffer) => take(decoder.write(chunk)));
    stream.on('error', reject);
    stream.on('end', finish);
    // A killed process may close the stream without 'end'.
    stream.on('close', finish);
  });
}

/**
 * The folder a command runs in: the project root, or a folder inside it.
 * `mustExist: false` only checks that it stays inside (for `plan`, when an earlier action may create it).
 */
export function commandCwd(root: string, cwd: string | undefined, mustExist = true, where = 'cwd'): string {
  if (cwd === undefined || cwd === '.' || cwd === './' || cwd === '') return root;
  const abs = resolveInside(root, cwd, where);
  if (!mustExist) return abs;
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    // missing: reported below
  }
  if (!isDir) throw new UserError(`${where} "${cwd}" is not a folder in the project`, 64, `create ${cwd}/ or fix the ${where}`);
  return abs;
}

/** argv as a user would type it in a POSIX shell, for previews and messages. */
export function shellQuote(argv: string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)).join(' ');
}
