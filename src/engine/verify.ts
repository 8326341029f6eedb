import { checkTypes } from '../checks/index.js';
import { DiskProjectFs } from './disk-fs.js';
import { ExitCode, UserError } from './errors.js';
import { describeDrift, fileStateOf } from './file-changes.js';
import type { Playbook } from './playbook/types.js';
import { substitute } from './playbook/variables.js';
import { appliedChanges, stepProgress } from './progress.js';
import type { Prompter } from './prompts.js';
import type { Session } from './session.js';

export interface VerifyResult {
  exitCode: number;
  drift: string[];
  failedChecks: string[];
}

/**
 * Re-run every check of the completed steps, and compare each file the wizard wrote with
 * what it wrote (drift). Changes nothing.
 */
export async function verifyMigration(session: Session, playbook: Playbook, vars: Record<string, string>, prompter: Prompter, signal: AbortSignal): Promise<VerifyResult> {
  const records = session.journal.all();
  const progress = stepProgress(records);
  // The newest write to each path is what should be there now.
  const latest = new Map<string, { hash: string | null; step: string; what: string }>();
  for (const { op, step } of appliedChanges(records).ops) {
    if (op.kind === 'write') latest.set(op.path, { hash: op.after.hash, step, what: op.path });
    else {
      latest.set(op.from, { hash: null, step, what: op.from });
      latest.set(op.to, { hash: op.file.hash, step, what: op.to });
    }
  }
  const drift: string[] = [];
  for (const [file, expected] of latest) {
    const now = fileStateOf(session.root, file);
    const same = expected.hash === null ? now === null : now?.hash === expected.hash;
    if (!same) {
      const what = expected.hash === null ? `${file} should not exist (it was renamed by step ${expected.step}) but it does` : now === null ? `${file} (from step ${expected.step}) is missing` : `${file} (from step ${expected.step}) was edited after the wizard wrote it`;
      drift.push(what);
      session.emit({ type: 'log', level: 'warn', line: `drift: ${what}` });
    }
  }
  void describeDrift;
  const failedChecks: string[] = [];
  for (const phase of playbook.phases) {
    for (const step of phase.steps) {
      const p = progress.get(step.id);
      if (p?.kind !== 'done' || p.status !== 'passed') continue;
      for (const [index, raw] of step.checks.entries()) {
        const spec = substitute(raw, vars, `${step.source}: step ${step.id}`);
        const def = checkTypes.find((c) => c.type === spec.type)!;
        session.emit({ type: 'check-start', stepId: step.id, index, checkType: spec.type, summary: def.describe(spec) });
        const started = performance.now();
        let result;
        try {
          result = await def.run(spec, {
            root: session.root, fs: new DiskProjectFs(session.root), vars, stepId: step.id,
            log: (line, level = 'info') => session.emit({ type: 'log', level, stepId: step.id, line }),
            output: (line, stream) => session.emit({ type: 'log', level: 'info', stream, stepId: step.id, line }),
            signal, prompter, assumeYes: true, now: () => new Date(),
          });
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          result = { status: 'failed' as const, message: err.message };
        }
        session.emit({ type: 'check-end', stepId: step.id, index, checkType: spec.type, status: result.status, message: result.message, durationMs: Math.round(performance.now() - started) });
        if (result.status === 'failed') failedChecks.push(`${step.id}: ${def.describe(spec)}: ${result.message}`);
      }
    }
  }
  const exitCode = drift.length > 0 ? ExitCode.drift : failedChecks.length > 0 ? ExitCode.failed : ExitCode.ok;
  return { exitCode, drift, failedChecks };
}
