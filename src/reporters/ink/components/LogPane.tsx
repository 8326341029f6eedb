import { Box, Text } from 'ink';
import type { LogLine } from '../store.js';
import { useTheme } from '../hooks/use-theme.js';
import { plural, sanitizeLine } from '../text.js';

/**
 * The last lines of command output. It only ever receives `height` lines (taken from the
 * store's ring buffer), and names the file that holds all of them.
 */
export function LogPane({
  lines,
  total,
  logPath,
  height,
}: {
  lines: LogLine[];
  total: number;
  logPath?: string;
  height: number;
}) {
  const t = useTheme();
  const shown = lines.slice(-Math.max(0, height));
  return (
    <Box flexDirection="column">
      <Box>
        <Box flexShrink={0}>
          <Text {...t('muted')}>
            ── log{total > shown.length ? ` · last ${shown.length} of ${plural(total, 'line')}` : ''}
            {logPath ? ' · full log:' : ''}
          </Text>
        </Box>
        {logPath && (
          <Box flexShrink={1} marginLeft={1}>
            {/* Cut from the start: the file name is the part worth keeping. */}
            <Text {...t('muted')} wrap="truncate-start">
              {logPath}
            </Text>
          </Box>
        )}
      </Box>
      {shown.length === 0 ? (
        <Text {...t('muted')}>(no output yet)</Text>
      ) : (
        // Colour by level only: compose, make and docker print their progress on stderr, and
        // painting every such line yellow made a healthy run look like a run full of warnings.
        shown.map((l, i) => (
          <Text key={i} {...t(l.level === 'error' ? 'fail' : l.level === 'warn' ? 'warn' : undefined)} wrap="truncate-end">
            {sanitizeLine(l.line) || ' '}
          </Text>
        ))
      )}
    </Box>
  );
}
