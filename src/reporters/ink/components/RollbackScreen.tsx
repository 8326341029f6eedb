import { Box, Text } from 'ink';
import type { RollbackEntry } from '../../../engine/events.js';
import type { RollbackView } from '../store.js';
import { useTheme } from '../hooks/use-theme.js';
import { sanitizeLine } from '../text.js';
import { StatusMark } from './StatusMark.js';

export function describeEntry(e: RollbackEntry): string {
  switch (e.op) {
    case 'remove':
      return `remove ${e.path}`;
    case 'restore':
      return `restore ${e.path}`;
    case 'rename-back':
      return `rename ${e.from ?? '?'} → ${e.path}`;
    case 'run-revert':
      return `revert: ${e.path}`;
  }
}

/**
 * What a rollback restores, newest first (the engine's order), files the user edited since
 * (drifted) named up front, and progress as rollback-entry events arrive.
 */
export function RollbackScreen({ rollback, height }: { rollback: RollbackView; height: number }) {
  const t = useTheme();
  const { entries, end } = rollback;
  const finished = entries.filter((r) => r.status !== 'pending').length;
  const drifted = [...new Set(entries.filter((r) => r.entry.drifted).map((r) => r.entry.path))];
  const driftLines = drifted.length ? 2 : 0;
  const room = Math.max(1, height - 3 - driftLines);
  // Keep the entry being worked on in view: start a little above the first pending one.
  const firstPending = entries.findIndex((r) => r.status === 'pending');
  const focus = firstPending < 0 ? entries.length - 1 : firstPending;
  const start = Math.max(0, Math.min(focus - 1, entries.length - room));
  const shown = entries.slice(start, start + room);

  return (
    <Box flexDirection="column">
      <Text {...t('title')} wrap="truncate-end">
        Roll back ({rollback.scope}) · {finished}/{entries.length}
        {end ? ` · ${endLabel(end.status, end.restored)}` : ''}
      </Text>
      {drifted.length > 0 && (
        <Box flexDirection="column">
          <Text {...t('warn')} wrap="truncate-end">
            ⚠ Edited since the wizard wrote {drifted.length === 1 ? 'it' : 'them'}:
          </Text>
          <Text {...t('warn')} wrap="truncate-end">
            {'  '}
            {drifted.join(', ')}
          </Text>
        </Box>
      )}
      {entries.length === 0 && <Text {...t('muted')}>Nothing to restore.</Text>}
      {start > 0 && <Text {...t('muted')}>  … {start} done above</Text>}
      {shown.map((r, i) => (
        <Box key={start + i}>
          <StatusMark status={r.status === 'pending' ? 'pending' : r.status} />
          <Box flexShrink={1} marginLeft={1}>
            <Text wrap="truncate-end">
              {sanitizeLine(describeEntry(r.entry))}
              {r.entry.drifted ? ' (edited by you)' : ''}
              {r.note ? ` — ${sanitizeLine(r.note)}` : ''}
            </Text>
          </Box>
          <Box flexShrink={0} marginLeft={1}>
            <Text {...t('muted')}>{r.entry.stepId}</Text>
          </Box>
        </Box>
      ))}
      {start + shown.length < entries.length && (
        <Text {...t('muted')}>  … {entries.length - start - shown.length} more</Text>
      )}
    </Box>
  );
}

function endLabel(status: 'done' | 'refused' | 'nothing-to-do', restored: number): string {
  if (status === 'done') return `done, ${restored} restored`;
  if (status === 'refused') return 'refused (files were edited; --force keeps your versions beside)';
  return 'nothing to do';
}
