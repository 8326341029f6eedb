import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useTheme } from '../hooks/use-theme.js';

export interface MenuItem<V extends string> {
  value: V;
  label: string;
}

/**
 * A vertical menu: ↑/↓ or j/k move (wrapping), Enter or the item's number chooses.
 *
 * Same keys and look as ink-select-input, which we used first; but its handler reads the
 * highlighted row from React state, so "↓ Enter" typed faster than a render (tmux send-keys,
 * a type-ahead user) chose the row above, e.g. Apply instead of Skip. Here the cursor lives in a
 * ref that each key updates at once, and the render follows.
 */
export function Menu<V extends string>({
  items,
  onSelect,
  isFocused = true,
  initialIndex = 0,
}: {
  items: MenuItem<V>[];
  onSelect(value: V): void;
  isFocused?: boolean;
  initialIndex?: number;
}) {
  const t = useTheme();
  const [index, setIndex] = useState(Math.min(initialIndex, Math.max(0, items.length - 1)));
  const latest = useRef(index);
  latest.current = Math.min(latest.current, Math.max(0, items.length - 1));
  const move = (i: number) => {
    latest.current = i;
    setIndex(i);
  };

  useKeys(
    (input, key) => {
      const n = items.length;
      if (n === 0) return;
      const cur = latest.current;
      if (key.upArrow || input === 'k') move((cur - 1 + n) % n);
      else if (key.downArrow || input === 'j') move((cur + 1) % n);
      else if (/^[1-9]$/.test(input) && Number(input) <= n) {
        move(Number(input) - 1);
        onSelect(items[Number(input) - 1]!.value);
      } else if (key.return) onSelect(items[cur]!.value);
    },
    { isActive: isFocused },
  );

  const shown = Math.min(index, Math.max(0, items.length - 1));
  return (
    <Box flexDirection="column">
      {items.map((item, i) => (
        <Box key={item.value}>
          <Box marginRight={1} flexShrink={0}>
            <Text {...t('selected')}>{i === shown ? '›' : ' '}</Text>
          </Box>
          <Text {...(i === shown ? t('selected') : {})} wrap="truncate-end">
            {item.label}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
