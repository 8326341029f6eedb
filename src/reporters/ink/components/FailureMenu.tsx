import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import type { PromptAnswer } from '../../../engine/prompts.js';
import { useTheme } from '../hooks/use-theme.js';
import { sanitizeLine } from '../text.js';
import { Menu, type MenuItem } from './Menu.js';

type Choice = PromptAnswer<'check-failed'>['choice'];

const ITEMS: MenuItem<Choice>[] = [
  { value: 'retry', label: 'Retry' },
  { value: 'revert', label: 'Roll back this step' },
  { value: 'skip', label: 'Skip' },
  { value: 'quit', label: 'Quit and resume later' },
];

/** The answer to `check-failed`: the failing message, the last log lines, and what to do now. Keys r b s q. */
export function FailureMenu({
  stepId,
  message,
  lastLogLines,
  onAnswer,
  height,
  isFocused = true,
}: {
  stepId: string;
  message: string;
  lastLogLines: string[];
  onAnswer(answer: PromptAnswer<'check-failed'>): void;
  height: number;
  isFocused?: boolean;
}) {
  const t = useTheme();
  useKeys(
    (input) => {
      const byKey: Record<string, Choice> = { r: 'retry', b: 'revert', s: 'skip', q: 'quit' };
      const c = byKey[input];
      if (c) onAnswer({ choice: c });
    },
    { isActive: isFocused },
  );
  const msgLines = message.split('\n').map(sanitizeLine).filter(Boolean).slice(0, 4);
  const logRoom = Math.max(0, height - (2 + msgLines.length + 1 + ITEMS.length + 2));
  const logs = lastLogLines.slice(-logRoom);
  return (
    <Box flexDirection="column">
      <Text {...t('fail')} wrap="truncate-end">
        ✗ Step {stepId} failed
      </Text>
      {msgLines.map((l, i) => (
        <Text key={i} {...t('fail')} wrap="truncate-end">
          {'  '}
          {l}
        </Text>
      ))}
      {logs.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          <Text {...t('muted')}>── last log lines</Text>
          {logs.map((l, i) => (
            <Text key={i} wrap="truncate-end">
              {sanitizeLine(l) || ' '}
            </Text>
          ))}
        </Box>
      )}
      <Box flexDirection="column" marginTop={1}>
        <Menu items={ITEMS} onSelect={(c) => onAnswer({ choice: c })} isFocused={isFocused} />
        <Text {...t('muted')} wrap="truncate-end">
          r retry · b roll back · s skip · q quit (resume later)
        </Text>
      </Box>
    </Box>
  );
}
