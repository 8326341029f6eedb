/**
 * Rendering Ink trees in tests at a chosen terminal size. ink-testing-library fixes the width at
 * 100 columns and has no rows; the 60-column and short-terminal tests need both. Same approach:
 * in-memory streams, debug mode (each write is the whole frame).
 */
import { EventEmitter } from 'node:events';
import { createElement, type ReactElement } from 'react';
import chalk from 'chalk';
import stringWidth from 'string-width';
import { render } from 'ink';
import { KeyRouter } from '../../src/reporters/ink/hooks/use-keys.js';

export class FakeTerminalOut extends EventEmitter {
  isTTY = true;
  frames: string[] = [];
  constructor(
    public columns = 100,
    public rows = 30,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
  lastFrame = (): string => this.frames.at(-1) ?? '';
  /** Change the size and tell Ink, as a terminal does on SIGWINCH. */
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export class FakeTerminalIn extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string): void => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(_on?: boolean): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export function renderSized(tree: ReactElement, size: { columns?: number; rows?: number } = {}) {
  const stdout = new FakeTerminalOut(size.columns ?? 100, size.rows ?? 30);
  const stderr = new FakeTerminalOut(size.columns ?? 100, size.rows ?? 30);
  const stdin = new FakeTerminalIn();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    stdout,
    stdin,
    lastFrame: stdout.lastFrame,
    rerender: instance.rerender,
    unmount: () => instance.unmount(),
  };
}

export const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

/** Wait until `predicate` holds (the store re-renders on a ~50 ms timer), or fail with the last frame. */
export async function waitFor(predicate: () => boolean, what: string, frame: () => string | undefined, timeoutMs = 2000) {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last frame:\n${frame() ?? ''}`);
    await tick(10);
  }
}

/**
 * Send keys one at a time, about as fast as key repeat. Ink renders at most ~30 times a second,
 * so a frame read right after a key may still be the previous one; 40 ms covers it.
 */
export async function press(stdin: { write(d: string): void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await tick(40);
  }
}

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  backspace: '\u007F',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
} as const;

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/;

/** Visible width of each line of a frame (escapes removed). */
export function lineWidths(frame: string): number[] {
  // eslint-disable-next-line no-control-regex
  return frame.split('\n').map((l) => stringWidth(l));
}


/**
 * Force colour on while `fn` runs. Under vitest stderr is not a terminal, so chalk would emit no
 * escapes at all and a "no ANSI under NO_COLOR" assertion could never fail.
 */
export async function withColor<T>(fn: () => Promise<T> | T): Promise<T> {
  const before = chalk.level;
  chalk.level = 3;
  try {
    return await fn();
  } finally {
    chalk.level = before;
  }
}

/** Wrap a screen in the App's key router, as it runs in the real UI. */
export function routed(el: ReactElement): ReactElement {
  return createElement(KeyRouter, null, el);
}

/** Wait until the latest frame matches `re` (frames lag keys on a loaded machine); returns it. */
export async function frameMatching(frame: () => string | undefined, re: RegExp, timeoutMs = 3000): Promise<string> {
  await waitFor(() => re.test(frame() ?? ''), `a frame matching ${re}`, frame, timeoutMs);
  return frame() ?? '';
}
