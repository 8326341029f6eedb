/**
 * Zod is ~750 KB of JavaScript (~40 ms of start-up), and only validating a playbook needs it:
 * the built-in ones are precompiled. So action and check schemas are factories that receive the
 * zod API, and nothing on the run path imports zod itself. The modules that validate import
 * ./zod-loaded.js, which provides it (as does the test setup).
 */
import type { z } from 'zod';

export type ZodApi = typeof z;

let provided: ZodApi | undefined;

export function provideZod(api: ZodApi): void {
  provided = api;
}

export function zodApi(): ZodApi {
  if (!provided) throw new Error('a schema was asked for before zod was loaded: import src/engine/zod-loaded.js first');
  return provided;
}
