import { useRef, useState } from 'react';
import { Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useTheme } from '../hooks/use-theme.js';

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001F\u007F]/g;

/**
 * A one-line text field: typing and paste insert at the cursor; ←/→, Ctrl+A/Ctrl+E move;
 * Backspace deletes; Ctrl+U clears; Enter submits; Esc cancels. Ctrl+C is left to the App.
 */
export function TextInput({
  value,
  onChange,
  onSubmit,
  onCancel,
  placeholder = '',
  isFocused = true,
}: {
  value: string;
  onChange(value: string): void;
  onSubmit?(value: string): void;
  onCancel?(): void;
  placeholder?: string;
  isFocused?: boolean;
}) {
  const t = useTheme();
  const [cursor, setCursor] = useState(value.length);
  // Keys can arrive faster than renders; read the latest value, not the one this render closed over.
  const latest = useRef({ value, cursor });
  latest.current = { value, cursor: Math.min(cursor, value.length) };

  const update = (next: string, nextCursor: number) => {
    latest.current = { value: next, cursor: nextCursor };
    setCursor(nextCursor);
    if (next !== value) onChange(next);
  };

  useKeys(
    (input, key) => {
      const { value: v, cursor: c } = latest.current;
      if (key.ctrl && input === 'c') return;
      if (key.return) return onSubmit?.(v);
      if (key.escape) return onCancel?.();
      if (key.leftArrow) return update(v, Math.max(0, c - 1));
      if (key.rightArrow) return update(v, Math.min(v.length, c + 1));
      if (key.home || (key.ctrl && input === 'a')) return update(v, 0);
      if (key.end || (key.ctrl && input === 'e')) return update(v, v.length);
      if (key.ctrl && input === 'u') return update('', 0);
      if (key.backspace || key.delete) {
        if (c === 0) return;
        return update(v.slice(0, c - 1) + v.slice(c), c - 1);
      }
      if (key.upArrow || key.downArrow || key.tab || key.ctrl || key.meta || key.pageUp || key.pageDown) return;
      const text = input.replace(CONTROLS, '');
      if (!text) return;
      update(v.slice(0, c) + text + v.slice(c), c + text.length);
    },
    { isActive: isFocused },
  );

  const c = Math.min(cursor, value.length);
  if (!isFocused) return <Text {...t(value ? undefined : 'muted')}>{value || placeholder}</Text>;
  if (!value && placeholder) {
    return (
      <Text>
        {t.noColor ? '_' : <Text inverse> </Text>}
        <Text {...t('muted')}>{placeholder}</Text>
      </Text>
    );
  }
  if (t.noColor) return <Text>{value.slice(0, c) + '_' + value.slice(c)}</Text>;
  return (
    <Text>
      {value.slice(0, c)}
      <Text inverse>{value[c] ?? ' '}</Text>
      {value.slice(c + 1)}
    </Text>
  );
}
