import { Text } from 'ink';
import type { StepStatus } from '../../../engine/events.js';
import { useSpinner } from '../hooks/use-spinner.js';
import { useTheme } from '../hooks/use-theme.js';
import type { Tone } from '../theme.js';

export type MarkStatus =
  | StepStatus
  | 'done'
  | 'unchanged'
  | 'restored'
  | 'already-restored'
  | 'kept-user-version'
  | 'refused';

const MARKS: Record<MarkStatus, { glyph: string; tone?: Tone }> = {
  pending: { glyph: '○', tone: 'muted' },
  running: { glyph: '◐', tone: 'info' },
  passed: { glyph: '✓', tone: 'ok' },
  done: { glyph: '✓', tone: 'ok' },
  unchanged: { glyph: '=', tone: 'muted' },
  failed: { glyph: '✗', tone: 'fail' },
  skipped: { glyph: '↷', tone: 'warn' },
  'rolled-back': { glyph: '↺', tone: 'info' },
  restored: { glyph: '↺', tone: 'ok' },
  'already-restored': { glyph: '=', tone: 'muted' },
  'kept-user-version': { glyph: '⚠', tone: 'warn' },
  refused: { glyph: '✗', tone: 'fail' },
};

/** One-character status: a spinner while running, then ✓ ✗ ↷ ↺. */
export function StatusMark({ status, spin = true }: { status: MarkStatus; spin?: boolean }) {
  const t = useTheme();
  const frame = useSpinner(status === 'running' && spin);
  const m = MARKS[status];
  return <Text {...t(m.tone)}>{status === 'running' && spin ? frame : m.glyph}</Text>;
}

/** The words a status mark stands for, for help screens and NO_COLOR readers. */
export const MARK_LEGEND: [string, string][] = [
  ['○', 'pending'],
  ['◐', 'running'],
  ['✓', 'passed'],
  ['✗', 'failed'],
  ['↷', 'skipped'],
  ['↺', 'rolled back'],
];
