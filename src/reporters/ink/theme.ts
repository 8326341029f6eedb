/**
 * Colours by meaning, not by name, so NO_COLOR can drop them in one place. With NO_COLOR set
 * (https://no-color.org) every style is dropped, bold and dim included: marks (✓ ✗ › +/-) carry
 * the meaning on their own.
 */
import { createContext } from 'react';
import type { TextProps } from 'ink';

export type Tone =
  | 'ok'
  | 'fail'
  | 'warn'
  | 'info'
  | 'muted'
  | 'accent'
  | 'title'
  | 'add'
  | 'del'
  | 'hunk'
  | 'selected';

const TONES: Record<Tone, TextProps> = {
  ok: { color: 'green' },
  fail: { color: 'red' },
  warn: { color: 'yellow' },
  info: { color: 'cyan' },
  muted: { dimColor: true },
  accent: { color: 'cyan', bold: true },
  title: { bold: true },
  add: { color: 'green' },
  del: { color: 'red' },
  hunk: { color: 'cyan' },
  selected: { color: 'cyan', bold: true },
};

export function isNoColor(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

export function toneProps(tone: Tone | undefined, noColor: boolean): TextProps {
  return noColor || !tone ? {} : TONES[tone];
}

/** true: no colour. Provided by App from the environment; tests set it directly. */
export const NoColorContext = createContext<boolean>(isNoColor());
