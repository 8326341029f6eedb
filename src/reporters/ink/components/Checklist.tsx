import { memo, useRef } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import type { PhaseOutline, StepOutline } from '../../../engine/events.js';
import { useScrollWindow } from '../hooks/use-scroll-window.js';
import { useTheme } from '../hooks/use-theme.js';
import { Badge } from './Badge.js';
import { StatusMark } from './StatusMark.js';

type Row = { kind: 'phase'; phase: PhaseOutline; done: number; total: number } | { kind: 'step'; step: StepOutline; stepIndex: number };

/** Phase headers and their steps as display rows; `stepIndex` counts steps only (the cursor moves over steps). */
export function checklistRows(phases: PhaseOutline[]): Row[] {
  const rows: Row[] = [];
  let stepIndex = 0;
  for (const phase of phases) {
    const done = phase.steps.filter((s) => s.status === 'passed' || s.status === 'skipped').length;
    rows.push({ kind: 'phase', phase, done, total: phase.steps.length });
    for (const step of phase.steps) rows.push({ kind: 'step', step, stepIndex: stepIndex++ });
  }
  return rows;
}

export function allSteps(phases: PhaseOutline[]): StepOutline[] {
  return phases.flatMap((p) => p.steps);
}

/**
 * The phased checklist. ↑/↓ or j/k move, PgUp/PgDn page, g/G jump to the ends, Enter opens the
 * step, ? asks for help. When the list is taller than `height` it scrolls around the cursor.
 */
export const Checklist = memo(ChecklistView);

function ChecklistView({
  phases,
  cursor,
  onCursor,
  onOpen,
  onHelp,
  height,
  waitingStepId,
  isFocused = true,
}: {
  phases: PhaseOutline[];
  /** Index among steps (not rows). */
  cursor: number;
  onCursor(index: number): void;
  onOpen?(stepId: string): void;
  onHelp?(): void;
  /** Rows available, scroll indicator included. */
  height: number;
  /** A step whose confirmation is pending (the user stepped Back from it). */
  waitingStepId?: string;
  isFocused?: boolean;
  /**
   * The store mutates `phases` in place; pass its phasesVersion so this memoized list
   * re-renders when a status changes (and not for every log line).
   */
  version?: number;
}) {
  const t = useTheme();
  const rows = checklistRows(phases);
  const steps = allSteps(phases);
  const stepCount = steps.length;
  const cur = Math.max(0, Math.min(cursor, stepCount - 1));
  const cursorRow = Math.max(
    0,
    rows.findIndex((r) => r.kind === 'step' && r.stepIndex === cur),
  );
  const scrolls = rows.length > height;
  const visible = Math.max(1, scrolls ? height - 1 : height);
  // Show the phase header above the first step when scrolled to the top of a phase.
  const focusRow = cursorRow > 0 && rows[cursorRow - 1]?.kind === 'phase' ? cursorRow - 1 : cursorRow;
  let top = useScrollWindow(focusRow, rows.length, visible);
  if (cursorRow >= top + visible) top = cursorRow - visible + 1;

  // Keys can arrive before the parent re-renders with the new cursor; move from the latest one.
  const latest = useRef(cur);
  latest.current = cur;
  const move = (to: number) => {
    latest.current = Math.max(0, Math.min(stepCount - 1, to));
    onCursor(latest.current);
  };

  useKeys(
    (input, key) => {
      if (stepCount === 0) return;
      const page = Math.max(1, visible - 1);
      const c = latest.current;
      if (key.upArrow || input === 'k') move(c - 1);
      else if (key.downArrow || input === 'j') move(c + 1);
      else if (key.pageUp) move(c - page);
      else if (key.pageDown || input === ' ') move(c + page);
      else if (input === 'g' || key.home) move(0);
      else if (input === 'G' || key.end) move(stepCount - 1);
      else if (key.return) onOpen?.(steps[c]!.id);
      else if (input === '?') onHelp?.();
    },
    { isActive: isFocused },
  );

  if (stepCount === 0) return <Text {...t('muted')}>No steps in this playbook.</Text>;

  return (
    <Box flexDirection="column">
      {rows.slice(top, top + visible).map((row) =>
        row.kind === 'phase' ? (
          <Box key={`p:${row.phase.id}`}>
            <Box flexGrow={1} flexShrink={1} minWidth={4}>
              <Text {...t('title')} wrap="truncate-end">
                {row.phase.title}
              </Text>
            </Box>
            <Box flexShrink={0} marginLeft={1}>
              <Text {...t(row.done === row.total ? 'ok' : 'muted')}>
                {row.done}/{row.total}
              </Text>
            </Box>
          </Box>
        ) : (
          <StepRow
            key={`s:${row.step.id}`}
            step={row.step}
            selected={row.stepIndex === cur}
            waiting={row.step.id === waitingStepId}
          />
        ),
      )}
      {scrolls && (
        <Text {...t('muted')} wrap="truncate-end">
          {top > 0 ? '↑' : ' '}
          {top + visible < rows.length ? '↓' : ' '} {cur + 1}/{stepCount} steps · ? help
        </Text>
      )}
    </Box>
  );
}

function StepRow({ step, selected, waiting }: { step: StepOutline; selected: boolean; waiting: boolean }) {
  const t = useTheme();
  const id = step.id.length > 20 ? `${step.id.slice(0, 19)}…` : step.id;
  // Few layout nodes per row (Ink walks every node on every frame): styled spans live inside
  // one Text; only the title part may shrink, and is cut with … on narrow terminals.
  return (
    <Box>
      <Box flexGrow={1} flexShrink={1} minWidth={6}>
        <Text wrap="truncate-end">
          <Text {...t('selected')}>{selected ? '› ' : '  '}</Text>
          <StatusMark status={step.status} />{' '}
          <Text {...(selected ? t('selected') : {})}>
            {step.title}
            {waiting ? ' (waiting for you)' : ''}
          </Text>
        </Text>
      </Box>
      <Box flexShrink={0}>
        <Text>
          {' '}
          <Badge risk={step.risk} priority={step.priority} /> <Text {...t('muted')}>{id}</Text>
        </Text>
      </Box>
    </Box>
  );
}
