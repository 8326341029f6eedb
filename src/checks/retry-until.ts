import { InterruptedError } from '../engine/errors.js';

/**
 * Try `attempt` until it succeeds or `timeoutMs` passes, pausing between tries.
 * Returns the last attempt's result; throws InterruptedError when `signal` aborts.
 */
export async function retryUntil<T extends { ok: boolean }>(
  timeoutMs: number,
  signal: AbortSignal,
  attempt: (remainingMs: number) => Promise<T>,
  pauseMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal.aborted) throw new InterruptedError();
    const result = await attempt(Math.max(1, deadline - Date.now()));
    if (result.ok) return result;
    const left = deadline - Date.now();
    if (left <= 0) return result;
    await sleep(Math.min(pauseMs, left), signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
