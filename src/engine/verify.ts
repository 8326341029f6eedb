import { runCheck } from './run-check.js';
import { DiskProjectFs } from './disk-fs.js';
import { ExitCode } from './errors.js';
import { fileStateOf } from './file-changes.js';
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
  const failedChecks: string[] = [];
  for (const phase of playbook.phases) {
    for (const step of phase.steps) {
      const p = progress.get(step.id);
      if (p?.kind !== 'done' || p.status !== 'passed') continue;
      for (const [index, raw] of step.checks.entries()) {
        const spec = substitute(raw, vars, `${step.source}: step ${step.id}`);
        const ctx = {
          root: session.root, fs: new DiskProjectFs(session.root), vars, stepId: step.id,
          log: (line: string, level: 'info' | 'warn' | 'error' = 'info') => session.emit({ type: 'log', level, stepId: step.id, line }),
          output: (line: string, stream: 'stdout' | 'stderr') => session.emit({ type: 'log', level: 'info', stream, stepId: step.id, line }),
          signal, prompter, assumeYes: true, now: () => new Date(),
        };
        const result = await runCheck(spec, index, ctx, (e) => session.emit(e));
        if (result.status === 'failed') failedChecks.push(`${step.id}: ${result.summary}: ${result.message}`);
      }
    }
  }
  const exitCode = drift.length > 0 ? ExitCode.drift : failedChecks.length > 0 ? ExitCode.failed : ExitCode.ok;
  return { exitCode, drift, failedChecks };
}
