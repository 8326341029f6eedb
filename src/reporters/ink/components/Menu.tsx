import { useMemo } from 'react';
import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { useTheme } from '../hooks/use-theme.js';

export interface MenuItem<V extends string> {
  value: V;
  label: string;
}

// Module-level so SelectInput keeps the same component types between renders.
function MenuIndicator({ isSelected = false }: { isSelected?: boolean }) {
  const t = useTheme();
  return (
    <Box marginRight={1}>
      <Text {...t('selected')}>{isSelected ? '›' : ' '}</Text>
    </Box>
  );
}

function MenuLabel({ isSelected = false, label }: { isSelected?: boolean; label: string }) {
  const t = useTheme();
  return (
    <Text {...(isSelected ? t('selected') : {})} wrap="truncate-end">
      {label}
    </Text>
  );
}

/** A vertical menu (↑/↓ or j/k, Enter, or the item's number), styled by the theme. */
export function Menu<V extends string>({
  items,
  onSelect,
  isFocused = true,
}: {
  items: MenuItem<V>[];
  onSelect(value: V): void;
  isFocused?: boolean;
}) {
  // SelectInput resets its cursor when the items change, so keep their identity stable.
  const key = items.map((i) => `${i.value}:${i.label}`).join('\n');
  const selectItems = useMemo(() => items.map((i) => ({ key: i.value, label: i.label, value: i.value })), [key]);
  return (
    <SelectInput
      items={selectItems}
      isFocused={isFocused}
      indicatorComponent={MenuIndicator}
      itemComponent={MenuLabel}
      onSelect={(item) => onSelect(item.value)}
    />
  );
}
