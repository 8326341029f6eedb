import type { StepContext } from '../actions/types.js';
import { checkTypes } from '../checks/index.js';
import type { CheckDefinition, CheckResult } from '../checks/types.js';
import type { TypedSpec } from './playbook/types.js';
import { UserError } from './errors.js';
import type { EngineEvent } from './events.js';

export function checkDefinition(type: string): CheckDefinition {
  const def = checkTypes.find((c) => c.type === type);
  if (!def) throw new Error(`check type ${type} is not registered`);
  return def;
}

/** Run one check with its start and end events. A UserError from the check is its failure message. */
export async function runCheck(spec: TypedSpec, index: number, ctx: StepContext, emit: (e: EngineEvent) => void): Promise<CheckResult & { summary: string }> {
  const def = checkDefinition(spec.type);
  const summary = def.describe(spec);
  emit({ type: 'check-start', stepId: ctx.stepId, index, checkType: spec.type, summary });
  const started = performance.now();
  let result: CheckResult;
  try {
    result = await def.run(spec, ctx);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    result = { status: 'failed', message: err.hint ? `${err.message} (${err.hint})` : err.message };
  }
  emit({ type: 'check-end', stepId: ctx.stepId, index, checkType: spec.type, status: result.status, message: result.message, durationMs: Math.round(performance.now() - started) });
  return { ...result, summary };
}
