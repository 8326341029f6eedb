import { Box, Text } from 'ink';
import type { LiveItem } from '../store.js';
import { useTheme } from '../hooks/use-theme.js';
import { firstLine, formatDuration, sanitizeLine } from '../text.js';
import { StatusMark } from './StatusMark.js';

/**
 * The running step's actions and checks: a spinner while each runs, then ✓/✗ with its duration
 * and, on failure, the reason. Shows the newest `maxRows` rows (a failure's reason takes one more).
 */
export function LiveChecks({ items, maxRows = 8 }: { items: LiveItem[]; maxRows?: number }) {
  const t = useTheme();
  if (items.length === 0) return null;
  const rows: LiveItem[] = [];
  let used = 0;
  // Walk from the newest so what is happening now is always on screen.
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    const cost = hasReason(it) ? 2 : 1;
    if (used + cost > maxRows) break;
    rows.unshift(it);
    used += cost;
  }
  const hidden = items.length - rows.length;
  return (
    <Box flexDirection="column">
      {hidden > 0 && (
        <Text {...t('muted')} wrap="truncate-end">
          … {hidden} earlier
        </Text>
      )}
      {rows.map((it) => (
        <Box key={`${it.kind}:${it.index}`} flexDirection="column">
          <Box>
            <Box flexGrow={1} flexShrink={1}>
              <Text wrap="truncate-end">
                <StatusMark status={it.status} /> {it.kind === 'check' ? <Text {...t('muted')}>check </Text> : null}
                {firstLine(it.summary)}
              </Text>
            </Box>
            {it.durationMs !== undefined && (
              <Box flexShrink={0}>
                <Text {...t('muted')}> {formatDuration(it.durationMs)}</Text>
              </Box>
            )}
          </Box>
          {hasReason(it) && (
            <Text {...t('fail')} wrap="truncate-end">
              {'  '}↳ {firstLine(it.message!)}
            </Text>
          )}
        </Box>
      ))}
    </Box>
  );
}

/** Rows LiveChecks will use for `items` within `maxRows`. */
export function liveChecksHeight(items: LiveItem[], maxRows: number): number {
  let used = 0;
  let shown = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const cost = hasReason(items[i]!) ? 2 : 1;
    if (used + cost > maxRows) break;
    used += cost;
    shown++;
  }
  return used + (shown < items.length ? 1 : 0);
}

function hasReason(it: LiveItem): boolean {
  return it.status === 'failed' && !!it.message;
}
