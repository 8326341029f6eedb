import { useRef } from 'react';

/**
 * The first visible row of a list `height` rows tall that must keep `cursor` in view. It moves
 * only when the cursor would leave the window, so the list does not jump on every key press.
 */
export function useScrollWindow(cursor: number, total: number, height: number): number {
  const top = useRef(0);
  top.current = scrollTop(top.current, cursor, total, height);
  return top.current;
}

export function scrollTop(prevTop: number, cursor: number, total: number, height: number): number {
  const h = Math.max(1, height);
  let top = prevTop;
  if (cursor < top) top = cursor;
  if (cursor >= top + h) top = cursor - h + 1;
  return Math.max(0, Math.min(top, Math.max(0, total - h)));
}
