import { actionTypes } from '../actions/index.js';
import type { StepContext } from '../actions/types.js';
import { unifiedDiff } from './diff.js';
import { vetOp } from './file-changes.js';
import type { OverlayProjectFs } from './overlay-fs.js';
import { RecordingProjectFs, type PlanMemo } from './plan-memo.js';
import type { Step } from './playbook/types.js';
import { substitute } from './playbook/variables.js';
import type { FileOp } from './project-fs.js';

export interface StepPreview {
  diffs: { path: string; diff: string }[];
  effects: string[];
  fileOps: number;
}

export function actionDefinition(type: string) {
  const def = actionTypes.find((a) => a.type === type);
  if (!def) throw new Error(`action type ${type} is not registered`);
  return def;
}

/**
 * Plan a step's actions against an overlay (nothing is written) and describe the result.
 * The overlay keeps the planned changes, so the next step's preview builds on them.
 */
export async function previewStep(
  step: Step,
  vars: Record<string, string>,
  overlay: OverlayProjectFs,
  ctx: StepContext,
  { withDiffs = true, memo }: { withDiffs?: boolean; memo?: PlanMemo } = {},
): Promise<StepPreview> {
  const diffs: { path: string; diff: string }[] = [];
  const effects: string[] = [];
  let fileOps = 0;
  for (const [i, raw] of step.actions.entries()) {
    const spec = substitute(raw, vars, `${step.source}: step ${step.id}, action ${i + 1}`);
    const def = actionDefinition(spec.type);
    if (def.plan) {
      let ops: FileOp[];
      if (memo && def.replayablePlan) {
        // Note every read and log line, so the step can apply this very plan (see plan-memo.ts).
        const recorder = new RecordingProjectFs(overlay);
        const logs: { line: string; level: 'info' | 'warn' | 'error' }[] = [];
        const log: StepContext['log'] = (line, level = 'info') => {
          logs.push({ line, level });
          ctx.log(line, level);
        };
        ops = await def.plan(spec, { ...ctx, fs: recorder, log });
        memo.record(step.id, i, recorder.reads, { ops, logs });
      } else {
        ops = await def.plan(spec, { ...ctx, fs: overlay });
      }
      for (const op of ops) {
        vetOp(overlay.root, op);
        if (!withDiffs) {
          // Preflight only needs the ops to be valid; diffs cost time on large files.
        } else if (op.kind === 'write') {
          diffs.push({ path: op.path, diff: unifiedDiff(op.path, await overlay.read(op.path), op.content) });
        } else {
          const content = await overlay.read(op.from);
          diffs.push({ path: op.to, diff: unifiedDiff(op.to, content, content, op.from) });
        }
        await overlay.apply(op);
        fileOps++;
      }
    }
    if (def.execute) effects.push(def.describeEffect?.(spec) ?? def.describe(spec));
  }
  return { diffs, effects, fileOps };
}
