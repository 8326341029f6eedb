import { createContext, createElement, useCallback, useContext, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useInput, type Key } from 'ink';

type KeyHandler = (input: string, key: Key) => void;
interface Registration {
  fn: KeyHandler;
  active: boolean;
}

const KeyRouterContext = createContext<Set<Registration> | null>(null);

/**
 * Why not plain useInput: it (un)subscribes in useEffect, which React runs some time after the
 * frame is on screen. A key sent right after a screen appears (tmux send-keys, a fast typist)
 * is lost by the new screen, and a screen that just went away still hears it: "s" (Skip) then
 * Enter could reach the old menu and Apply. The router holds the one Ink subscription; screens
 * register in layout effects, which run synchronously when React commits the screen.
 */
export function KeyRouter({ children }: { children: ReactNode }) {
  const registry = useRef(new Set<Registration>()).current;
  const dispatch = useCallback((input: string, key: Key) => {
    // A copy: a handler may mount or unmount screens; those joining now did not see this key.
    const send = (i: string, k: Key) => {
      for (const r of [...registry]) if (r.active) r.fn(i, k);
    };
    // Keys typed faster than the terminal is read arrive as one chunk ("nn", "not today\r"
    // from tmux send-keys or a paste), which Ink passes on as a single input. Split them back
    // into keys, so "nn" jumps two files and Enter after text still submits. Text fields insert
    // character by character, which ends up the same.
    if (input.length > 1 && !key.ctrl && !key.meta && !input.startsWith('\u001B')) {
      const plain = { ...key, return: false, tab: false, backspace: false, delete: false };
      for (const ch of input.replace(/\r\n/g, '\r')) {
        if (ch === '\r' || ch === '\n') send('', { ...plain, return: true });
        else if (ch === '\t') send('', { ...plain, tab: true });
        // Backspace held down (or sent by tmux) arrives as "\x7f\x7f…": Ink names \x7f delete, \b backspace.
        else if (ch === '\u007F') send('', { ...plain, delete: true });
        else if (ch === '\b') send('', { ...plain, backspace: true });
        else send(ch, { ...plain, shift: /[A-Z]/.test(ch) });
      }
      return;
    }
    send(input, key);
  }, []);
  useInput(dispatch);
  return createElement(KeyRouterContext.Provider, { value: registry }, children);
}

/** Handle keys while `isActive`. Inside a KeyRouter (the App) it is commit-synchronous; alone, it falls back to useInput. */
export function useKeys(handler: KeyHandler, options: { isActive?: boolean } = {}): void {
  const isActive = options.isActive !== false;
  const router = useContext(KeyRouterContext);
  const reg = useRef<Registration>({ fn: handler, active: false });
  useLayoutEffect(() => {
    reg.current.fn = handler;
    reg.current.active = isActive;
  });
  useLayoutEffect(() => {
    const r = reg.current;
    router?.add(r);
    return () => {
      r.active = false;
      router?.delete(r);
    };
  }, [router]);
  const fallback = useCallback((input: string, key: Key) => {
    if (reg.current.active) reg.current.fn(input, key);
  }, []);
  useInput(fallback, { isActive: !router });
}
