import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import type { FileChangeSummary, Priority, Risk, StepStatus } from '../../../engine/events.js';
import type { PromptAnswer } from '../../../engine/prompts.js';
import { useTheme } from '../hooks/use-theme.js';
import { diffStats, sanitizeLine, sanitizeText, wrapProse } from '../text.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { Badge } from './Badge.js';
import { DiffBody, DiffView, FileHeader, diffLines, renamedFromOf, type FileDiff } from './DiffView.js';
import { Menu, type MenuItem } from './Menu.js';
import { StatusMark } from './StatusMark.js';
import { TextInput } from './TextInput.js';

type Choice = 'apply' | 'skip' | 'diff' | 'back';

export interface StepScreenProps {
  stepId: string;
  title: string;
  why: string;
  diffs: FileDiff[];
  effects?: string[];
  risk?: Risk;
  priority?: Priority;
  /** Read-only view of a step that is not being asked about: its status and what it changed. */
  status?: StepStatus;
  reason?: string;
  changes?: FileChangeSummary[];
  /** The answer to `confirm-step`. Without it the screen is read-only (Show full diff / Back). */
  onAnswer?(answer: PromptAnswer<'confirm-step'>): void;
  onBack?(): void;
  height: number;
  isFocused?: boolean;
}

/**
 * A step: why it exists and what it will change (a diff per file, collapsed), then
 * Apply / Skip (asks a reason) / Show full diff / Back. Keys: a s d b (Esc = Back).
 */
export function StepScreen(props: StepScreenProps) {
  const { stepId, title, why, diffs, effects = [], onAnswer, onBack, height, isFocused = true } = props;
  const t = useTheme();
  const { columns } = useTerminalSize();
  const [mode, setModeState] = useState<'menu' | 'reason' | 'diff'>('menu');
  // The mode as of the last key, not the last render: a key typed before React re-renders
  // (Enter right after "s") must not reach the menu that is on its way out.
  const modeRef = useRef(mode);
  const setMode = (m: typeof mode) => {
    modeRef.current = m;
    setModeState(m);
  };
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState(false);
  const interactive = !!onAnswer;

  const choose = (c: Choice) => {
    if (modeRef.current !== 'menu') return;
    if (c === 'apply' && onAnswer) onAnswer({ choice: 'apply' });
    else if (c === 'skip' && onAnswer) setMode('reason');
    else if (c === 'diff') setMode('diff');
    else if (c === 'back') onBack?.();
  };

  useKeys(
    (input, key) => {
      if (interactive && input === 'a') choose('apply');
      else if (interactive && input === 's') choose('skip');
      else if (input === 'd' && diffs.length > 0) choose('diff');
      else if (input === 'b' || key.escape || key.leftArrow) choose('back');
    },
    { isActive: isFocused && mode === 'menu' },
  );

  if (mode === 'diff') {
    return <DiffView diffs={diffs} height={height} onClose={() => setMode('menu')} isFocused={isFocused} />;
  }

  const items: MenuItem<Choice>[] = [
    ...(interactive ? [{ value: 'apply' as const, label: 'Apply' }, { value: 'skip' as const, label: 'Skip…' }] : []),
    ...(diffs.length > 0 ? [{ value: 'diff' as const, label: 'Show full diff' }] : []),
    { value: 'back', label: 'Back' },
  ];

  const whyLines = why.trim() ? 2 : 0;
  const statusLines = props.status ? 1 : 0;
  const fixed = 2 + whyLines + statusLines + 1 + effects.length + items.length + 2;
  const room = Math.max(1, height - fixed);
  // A diff that fits is shown whole; a bigger one as one line per file (d opens the scrollable view).
  const expanded = diffs.length > 0 ? diffLines(diffs, new Set()) : [];
  const inline = expanded.length > 0 && expanded.length <= room;
  const shownDiffs = diffs.length > room ? diffs.slice(0, Math.max(1, room - 1)) : diffs;
  const changesWithoutDiff = (props.changes ?? []).filter((c) => !diffs.some((d) => d.path === c.path));

  return (
    <Box flexDirection="column">
      <Box>
        <Box flexGrow={1} flexShrink={1}>
          <Text {...t('title')} wrap="truncate-end">
            {sanitizeLine(title)}
          </Text>
        </Box>
        {props.risk && props.priority && (
          <Box flexShrink={0} marginLeft={1}>
            <Badge risk={props.risk} priority={props.priority} />
          </Box>
        )}
      </Box>
      <Text {...t('muted')} wrap="truncate-end">
        step {stepId}
      </Text>
      {props.status && (
        <Box>
          <StatusMark status={props.status} spin={false} />
          <Text wrap="truncate-end">
            {' '}
            {props.status}
            {props.reason ? ` — ${sanitizeLine(props.reason)}` : ''}
          </Text>
        </Box>
      )}
      {why.trim() && (
        <Box marginTop={1}>
          <Text>{wrapProse(sanitizeText(why.trim()), columns)}</Text>
        </Box>
      )}
      <Box flexDirection="column" marginTop={1}>
        {diffs.length === 0 && effects.length === 0 && changesWithoutDiff.length === 0 ? (
          <Text {...t('muted')}>No file changes.</Text>
        ) : null}
        {inline ? (
          <DiffBody lines={expanded} />
        ) : (
          shownDiffs.map((d) => {
            const s = diffStats(d.diff);
            return <FileHeader key={d.path} path={d.path} added={s.added} removed={s.removed} open={false} renamedFrom={renamedFromOf(d.diff)} />;
          })
        )}
        {!inline && shownDiffs.length < diffs.length && (
          <Text {...t('muted')}>  … {diffs.length - shownDiffs.length} more files (d shows all)</Text>
        )}
        {changesWithoutDiff.map((c) => (
          <Text key={`c:${c.path}`} wrap="truncate-start">
            {'  '}
            {c.op} {c.from ? `${c.from} → ` : ''}
            {c.path}
          </Text>
        ))}
        {effects.map((e, i) => (
          <Text key={`e${i}`} wrap="truncate-end">
            • {sanitizeLine(e)}
          </Text>
        ))}
      </Box>
      <Box marginTop={1} flexDirection="column">
        {mode === 'reason' ? (
          <>
            <Text>Why skip this step? (saved with the run)</Text>
            <Box>
              <Text {...t('selected')}>› </Text>
              <TextInput
                value={reason}
                onChange={(v) => {
                  setReason(v);
                  setReasonError(false);
                }}
                placeholder="reason"
                onSubmit={(v) => {
                  if (!v.trim()) return setReasonError(true);
                  onAnswer?.({ choice: 'skip', reason: v.trim() });
                }}
                onCancel={() => setMode('menu')}
                isFocused={isFocused}
              />
            </Box>
            <Text {...t(reasonError ? 'warn' : 'muted')} wrap="truncate-end">
              {reasonError ? 'Type a reason first; Esc goes back.' : 'Enter saves · Esc goes back'}
            </Text>
          </>
        ) : (
          <>
            <Menu items={items} onSelect={choose} isFocused={isFocused} />
            <Text {...t('muted')} wrap="truncate-end">
              {interactive ? 'a apply · s skip · ' : ''}
              {diffs.length > 0 ? 'd diff · ' : ''}b back
            </Text>
          </>
        )}
      </Box>
    </Box>
  );
}
