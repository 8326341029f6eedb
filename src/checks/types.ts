import type { z } from 'zod';
import { withLazySchema, type StepContext } from '../actions/types.js';
import type { ZodApi } from '../engine/zod-api.js';

export interface CheckResult {
  status: 'passed' | 'failed' | 'skipped';
  /** Plain words: what was found, and on failure what to do. */
  message: string;
}

/**
 * One check type, in one file under src/checks/. Register it in src/checks/index.ts.
 * Checks never change files.
 */
export interface CheckDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> {
  type: string;
  schema: S;
  describe(spec: z.infer<S>): string;
  run(spec: z.infer<S>, ctx: StepContext): Promise<CheckResult>;
  /** A teardown (e.g. compose.down): runs even after Ctrl+C or an earlier failure in the step. */
  cleanup?: boolean;
}

/** `schema` is built on first use (see defineAction). */
export function defineCheck<S extends z.ZodTypeAny>(def: Omit<CheckDefinition<S>, 'schema'> & { schema: (zod: ZodApi) => S }): CheckDefinition<S> {
  return withLazySchema(def);
}

export const passed = (message: string): CheckResult => ({ status: 'passed', message });
export const failed = (message: string): CheckResult => ({ status: 'failed', message });
export const skipped = (message: string): CheckResult => ({ status: 'skipped', message });
