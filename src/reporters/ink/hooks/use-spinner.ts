import { createContext, useContext, useEffect, useState } from 'react';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * One clock for every spinner on screen, ticked by the App. Separate timers per spinner would
 * each cost a full re-render (Ink redraws the whole frame), several times per tick.
 */
export const SpinnerClockContext = createContext<number | null>(null);

/** A tick counter that advances every `intervalMs` while `active`; no timer otherwise. */
export function useTicker(active: boolean, intervalMs = 100): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(t);
  }, [active, intervalMs]);
  return tick;
}

/** The current spinner frame: from the App's clock when there is one, else from its own timer. */
export function useSpinner(active: boolean): string {
  const clock = useContext(SpinnerClockContext);
  const own = useTicker(active && clock === null);
  return FRAMES[(clock ?? own) % FRAMES.length]!;
}
