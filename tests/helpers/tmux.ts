/**
 * Real-terminal tests through tmux: start a command in a pane of a given size, type into it with
 * send-keys, read the screen with capture-pane.
 *
 * Every session runs on its own tmux server (-L <unique socket>, -f /dev/null), so tests never
 * touch a user's tmux or each other, and kill() takes the whole server down. The command runs
 * under `sh -c`, which prints an exit marker and keeps the pane open, so the final screen and
 * the exit code can both be read after the program ends.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TmuxOptions {
  /** argv (quoted for sh here) or a ready shell command line. */
  command: string[] | string;
  cols?: number;
  rows?: number;
  cwd?: string;
  /** Extra environment for the command (TERM is tmux's own). */
  env?: Record<string, string>;
}

export interface TmuxSession {
  readonly socket: string;
  /** tmux key names or literal words: sendKeys('Down', 'Enter'), sendKeys('C-c'). */
  sendKeys(...keys: string[]): void;
  /** Type text literally (no key-name lookup). */
  type(text: string): void;
  /** The visible screen; with `escapes`, colours and attributes as SGR sequences. */
  capture(opts?: { escapes?: boolean }): string;
  /** Poll the screen until `re` matches; throws with the last screen after `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Wait for the command to end; its exit code. */
  waitForExit(timeoutMs?: number): Promise<number>;
  resize(cols: number, rows: number): void;
  /** Whether the terminal's cursor is shown (a TUI that exits must show it again). */
  cursorVisible(): boolean;
  kill(): void;
}

const EXIT_MARK = '[mw-exit:';
let counter = 0;

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function startTmux(opts: TmuxOptions): TmuxSession {
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  const socket = `mw-test-${process.pid}-${++counter}`;
  const name = 'main';
  const cmd = Array.isArray(opts.command) ? opts.command.map(shellQuote).join(' ') : opts.command;
  const envPrefix = Object.entries(opts.env ?? {})
    .map(([k, v]) => `${k}=${shellQuote(v)}`)
    .join(' ');
  // The marker goes on its own line; `exec sleep` keeps the pane (and its last screen) around.
  // A person at a terminal is not CI: with CI set the CLI would pick the plain reporter.
  const script = `unset CI MIGRATE_WIZARD_TEST_CI; ${envPrefix ? `export ${envPrefix}; ` : ''}${cmd}; printf '\\n${EXIT_MARK}%s]\\n' "$?"; exec sleep 3600`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });

  tmux(
    'new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows),
    ...(opts.cwd ? ['-c', opts.cwd] : []),
    'sh', '-c', script,
    ';', 'set-option', '-g', 'status', 'off',
  );

  const capture = (o: { escapes?: boolean } = {}) =>
    tmux('capture-pane', '-p', ...(o.escapes ? ['-e'] : []), '-t', name);

  const session: TmuxSession = {
    socket,
    sendKeys: (...keys) => void tmux('send-keys', '-t', name, ...keys),
    type: (text) => void tmux('send-keys', '-t', name, '-l', text),
    capture,
    async waitFor(re, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      let screen = '';
      for (;;) {
        screen = capture();
        if (re.test(screen)) return screen;
        if (Date.now() > until) throw new Error(`tmux: timed out after ${timeoutMs} ms waiting for ${re}; screen:\n${screen}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async waitForExit(timeoutMs = 10_000) {
      const screen = await session.waitFor(/\[mw-exit:\d+\]/, timeoutMs);
      return Number(/\[mw-exit:(\d+)\]/.exec(screen)![1]);
    },
    resize: (c, r) => void tmux('resize-window', '-t', name, '-x', String(c), '-y', String(r)),
    cursorVisible: () => tmux('display-message', '-p', '-t', name, '#{cursor_flag}').trim() === '1',
    kill() {
      spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      // tmux can leave the socket file behind; it is ours, so tidy it.
      const dir = path.join(process.env.TMUX_TMPDIR ?? os.tmpdir(), `tmux-${process.getuid?.() ?? 0}`);
      rmSync(path.join(dir, socket), { force: true });
    },
  };
  return session;
}
