import { useState } from 'react';
import { Box, Text } from 'ink';
import type { PromptAnswer } from '../../../engine/prompts.js';
import { useTheme } from '../hooks/use-theme.js';
import { sanitizeText } from '../text.js';
import { TextInput } from './TextInput.js';

/** The answer to `variable`: a value for `{{name}}`, prefilled with the suggestion. */
export function VariablePrompt({
  name,
  description,
  suggestion,
  onAnswer,
  isFocused = true,
}: {
  name: string;
  description: string;
  suggestion?: string;
  onAnswer(answer: PromptAnswer<'variable'>): void;
  isFocused?: boolean;
}) {
  const t = useTheme();
  const [value, setValue] = useState(suggestion ?? '');
  const [empty, setEmpty] = useState(false);
  return (
    <Box flexDirection="column">
      <Text {...t('title')} wrap="truncate-end">
        A value for {`{{${name}}}`}
      </Text>
      {description && <Text>{sanitizeText(description)}</Text>}
      <Box marginTop={1}>
        <Text {...t('selected')}>{name} › </Text>
        <TextInput
          value={value}
          onChange={(v) => {
            setValue(v);
            setEmpty(false);
          }}
          onSubmit={(v) => (v.trim() ? onAnswer({ value: v.trim() }) : setEmpty(true))}
          isFocused={isFocused}
        />
      </Box>
      <Text {...t(empty ? 'warn' : 'muted')} wrap="truncate-end">
        {empty ? 'A value is needed. ' : ''}Enter accepts · Ctrl+U clears · Ctrl+C stops (resume later)
      </Text>
      <Text {...t('muted')} wrap="truncate-end">
        Next time, skip this question with --set {name}=VALUE
      </Text>
    </Box>
  );
}
