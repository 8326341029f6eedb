import { spawnSync, spawn } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI for real, in a child process, with no TTY (so the plain reporter is used). */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliResult {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, CI: '1', NO_COLOR: '1', ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: res.status, signal: res.signal, stdout: res.stdout, stderr: res.stderr };
}

/** Start the CLI and kill it with SIGKILL after `ms` milliseconds (or when it ends by itself). */
export function runCliKilledAfter(args: string[], ms: number, opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO, env: { ...process.env, CI: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function tempDir(prefix = 'mw-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function copyTree(from: string, to?: string): string {
  const dest = to ?? tempDir();
  cpSync(from, dest, { recursive: true, preserveTimestamps: true });
  return dest;
}

export type Snapshot = Record<string, string>;

/** Every file and folder under `root` with its bytes' hash and mode (the state folder excluded). */
export function snapshot(root: string, exclude = ['.migrate-wizard']): Snapshot {
  const out: Snapshot = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      const rel = path.relative(root, abs);
      if (exclude.includes(rel)) continue;
      const st = lstatSync(abs);
      const mode = (st.mode & 0o777).toString(8);
      if (st.isDirectory()) {
        out[rel + '/'] = `dir ${mode}`;
        walk(abs);
      } else if (st.isSymbolicLink()) {
        out[rel] = `link`;
      } else {
        out[rel] = `${createHash('sha256').update(readFileSync(abs)).digest('hex').slice(0, 16)} ${mode}`;
      }
    }
  };
  walk(root);
  return out;
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
