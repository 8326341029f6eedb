import { useContext } from 'react';
import type { TextProps } from 'ink';
import { NoColorContext, toneProps, type Tone } from '../theme.js';

/** `const t = useTheme(); <Text {...t('ok')}>` — styles that vanish under NO_COLOR. */
export function useTheme(): ((tone?: Tone) => TextProps) & { noColor: boolean } {
  const noColor = useContext(NoColorContext);
  const fn = (tone?: Tone) => toneProps(tone, noColor);
  return Object.assign(fn, { noColor });
}
