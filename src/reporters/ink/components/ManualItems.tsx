import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import type { PromptAnswer } from '../../../engine/prompts.js';
import { useTheme } from '../hooks/use-theme.js';
import { sanitizeLine } from '../text.js';
import { TextInput } from './TextInput.js';

interface Item {
  id: string;
  text: string;
  required: boolean;
}

/**
 * The answer to `manual`: sign-offs the user ticks (Space or Enter), an optional note, then
 * Continue (only once every required item is ticked) or Quit and resume later.
 */
export function ManualItems({
  stepId,
  items,
  onAnswer,
  isFocused = true,
}: {
  stepId: string;
  items: Item[];
  onAnswer(answer: PromptAnswer<'manual'>): void;
  isFocused?: boolean;
}) {
  const t = useTheme();
  const [checked, setCheckedState] = useState<Set<string>>(new Set());
  const [note, setNote] = useState('');
  const [cursor, setCursorState] = useState(0);
  // Keys can outrun renders; handlers read and write these, renders follow.
  const latest = useRef({ checked, cursor });
  latest.current = { checked, cursor };
  const setCursor = (c: number) => {
    latest.current = { ...latest.current, cursor: c };
    setCursorState(c);
  };
  const setChecked = (c: Set<string>) => {
    latest.current = { ...latest.current, checked: c };
    setCheckedState(c);
  };
  const [missing, setMissing] = useState(false);
  const noteRow = items.length;
  const continueRow = items.length + 1;
  const quitRow = items.length + 2;
  const lastRow = quitRow;

  const toggle = (id: string) => {
    const next = new Set(latest.current.checked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChecked(next);
    setMissing(false);
  };

  const submit = () => {
    const done = latest.current.checked;
    if (items.some((i) => i.required && !done.has(i.id))) return setMissing(true);
    const confirmed = items.filter((i) => done.has(i.id)).map((i) => i.id);
    onAnswer(note.trim() ? { confirmed, note: note.trim() } : { confirmed });
  };

  useKeys(
    (input, key) => {
      const cursor = latest.current.cursor;
      const onNote = cursor === noteRow;
      if (key.upArrow || (!onNote && input === 'k')) return setCursor(Math.max(0, cursor - 1));
      if (key.downArrow || key.tab || (!onNote && input === 'j')) return setCursor(Math.min(lastRow, cursor + 1));
      if (onNote && key.return) return setCursor(continueRow);
      if (onNote) return; // the note's TextInput has the other keys
      if (cursor < items.length && (input === ' ' || key.return)) return toggle(items[cursor]!.id);
      if (cursor === continueRow && key.return) return submit();
      if (cursor === quitRow && key.return) return onAnswer({ choice: 'quit' });
    },
    { isActive: isFocused },
  );

  const pointer = (row: number) => <Text {...t('selected')}>{row === cursor ? '› ' : '  '}</Text>;
  return (
    <Box flexDirection="column">
      <Text {...t('title')} wrap="truncate-end">
        Manual sign-off · step {stepId}
      </Text>
      <Text {...t('muted')} wrap="truncate-end">
        Do these yourself, then tick them. * = required
      </Text>
      <Box flexDirection="column" marginTop={1}>
        {items.map((item, i) => (
          <Box key={item.id}>
            {pointer(i)}
            <Text {...t(checked.has(item.id) ? 'ok' : undefined)}>{checked.has(item.id) ? '[x] ' : '[ ] '}</Text>
            <Box flexShrink={1}>
              <Text {...(i === cursor ? t('selected') : {})} wrap="truncate-end">
                {sanitizeLine(item.text)}
                {item.required ? ' *' : ''}
              </Text>
            </Box>
          </Box>
        ))}
        <Box>
          {pointer(noteRow)}
          <Text>Note: </Text>
          <TextInput
            value={note}
            onChange={setNote}
            placeholder="(optional)"
            isFocused={isFocused && cursor === noteRow}
          />
        </Box>
        <Box>
          {pointer(continueRow)}
          <Text {...(cursor === continueRow ? t('selected') : {})}>Continue</Text>
        </Box>
        <Box>
          {pointer(quitRow)}
          <Text {...(cursor === quitRow ? t('selected') : {})}>Quit and resume later</Text>
        </Box>
      </Box>
      <Text {...t(missing ? 'warn' : 'muted')} wrap="truncate-end">
        {missing ? 'Tick every item marked * first.' : '↑↓ move · Space tick · Enter on Continue'}
      </Text>
    </Box>
  );
}
