import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useTheme } from '../hooks/use-theme.js';
import { MARK_LEGEND } from './StatusMark.js';

const KEYS: [string, string][] = [
  ['↑ ↓  j k', 'move'],
  ['PgUp PgDn', 'page'],
  ['g G', 'first / last step'],
  ['Enter', 'open the step'],
  ['a s d b', 'apply / skip / diff / back (in a step)'],
  ['?', 'this help'],
  ['Ctrl+C', 'stop after the current action (resume later)'],
];

/** Key bindings and what the status marks mean. Any key closes it. */
export function HelpOverlay({ onClose, isFocused = true }: { onClose(): void; isFocused?: boolean }) {
  const t = useTheme();
  useKeys(
    (input, key) => {
      if (key.ctrl && input === 'c') return;
      onClose();
    },
    { isActive: isFocused },
  );
  return (
    <Box flexDirection="column">
      <Text {...t('title')}>Keys</Text>
      {KEYS.map(([k, what]) => (
        <Box key={k}>
          <Box width={12} flexShrink={0}>
            <Text {...t('info')}>{k}</Text>
          </Box>
          <Text wrap="truncate-end">{what}</Text>
        </Box>
      ))}
      <Box marginTop={1}>
        <Text>
          {MARK_LEGEND.map(([g, w]) => `${g} ${w}`).join('  ')}
        </Text>
      </Box>
      <Text {...t('muted')}>Any key closes this help.</Text>
    </Box>
  );
}
