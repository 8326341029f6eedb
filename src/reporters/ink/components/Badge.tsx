import { Text } from 'ink';
import type { Priority, Risk } from '../../../engine/events.js';
import { useTheme } from '../hooks/use-theme.js';
import type { Tone } from '../theme.js';

const SHORT: Record<Risk, string> = { low: 'low', medium: 'med', high: 'high', critical: 'crit' };
const TONE: Record<Risk, Tone> = { low: 'muted', medium: 'info', high: 'warn', critical: 'fail' };

/** Compact risk and priority badge: "risk:high prio:crit". Short words so it fits 60 columns. */
export function Badge({ risk, priority }: { risk: Risk; priority: Priority }) {
  const t = useTheme();
  return (
    <Text>
      <Text {...t(TONE[risk])}>risk:{SHORT[risk]}</Text> <Text {...t(TONE[priority])}>prio:{SHORT[priority]}</Text>
    </Text>
  );
}
