import { useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { PromptAnswer } from '../../../engine/prompts.js';
import { useTheme } from '../hooks/use-theme.js';
import { sanitizeText } from '../text.js';
import { TextInput } from './TextInput.js';

/**
 * The answer to `confirm-dangerous`: nothing happens unless the user types `expected` exactly
 * (like GitHub's delete-repository prompt). Esc cancels.
 */
export function DangerousConfirm({
  message,
  expected,
  onAnswer,
  children,
  isFocused = true,
}: {
  message: string;
  expected: string;
  onAnswer(answer: PromptAnswer<'confirm-dangerous'>): void;
  /** What the action will do (e.g. the rollback plan), shown above the question. */
  children?: ReactNode;
  isFocused?: boolean;
}) {
  const t = useTheme();
  const [value, setValue] = useState('');
  const [mismatch, setMismatch] = useState(false);
  return (
    <Box flexDirection="column">
      {children}
      <Box marginTop={children ? 1 : 0}>
        <Text {...t('warn')}>⚠ {sanitizeText(message)}</Text>
      </Box>
      <Text wrap="truncate-end">
        Type <Text {...t('title')}>{expected}</Text> to confirm, or Esc to cancel.
      </Text>
      <Box>
        <Text {...t('selected')}>› </Text>
        <TextInput
          value={value}
          onChange={(v) => {
            setValue(v);
            setMismatch(false);
          }}
          onSubmit={(v) => (v === expected ? onAnswer({ confirmed: true }) : setMismatch(true))}
          onCancel={() => onAnswer({ confirmed: false })}
          isFocused={isFocused}
        />
      </Box>
      {mismatch && (
        <Text {...t('fail')} wrap="truncate-end">
          That is not “{expected}”. Type it exactly, or press Esc to cancel.
        </Text>
      )}
    </Box>
  );
}
