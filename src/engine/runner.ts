import type { StepContext } from '../actions/types.js';
import { DiskProjectFs } from './disk-fs.js';
import { InterruptedError, UserError, ExitCode } from './errors.js';
import type { FileChangeSummary, PhaseOutline, RunSummary, StepStatus } from './events.js';
import { applyOp, prepareOp } from './file-changes.js';
import type { JournalOp } from './journal-records.js';
import { OverlayProjectFs } from './overlay-fs.js';
import { PlanMemo } from './plan-memo.js';
import type { Phase, Playbook, Step, TypedSpec } from './playbook/types.js';
import type { FileOp } from './project-fs.js';
import { substitute } from './playbook/variables.js';
import { actionDefinition, previewStep } from './preview.js';
import { appliedChanges, stepProgress, type StepProgress } from './progress.js';
import type { Prompter, PromptRequest, PromptAnswer } from './prompts.js';
import { settleOpenActions } from './recover.js';
import { executeRollback, planRollback } from './rollback.js';
import type { Session } from './session.js';
import { recordStep, startState } from './state-summary.js';
import { checkDefinition, runCheck } from './run-check.js';

export interface RunOptions {
  session: Session;
  playbook: Playbook;
  vars: Record<string, string>;
  prompter: Prompter;
  assumeYes: boolean;
  signal: AbortSignal;
  from?: string;
  to?: string;
  now?: () => Date;
  /** Commands to suggest at the end, already substituted. */
  next?: string[];
}

export interface RunResult {
  exitCode: number;
  summary: RunSummary;
}

type StepOutcome = { status: 'passed' | 'skipped' | 'failed' | 'rolled-back'; reason?: string; stop?: boolean; pending?: boolean };

export function outlineOf(playbook: Playbook, progress: Map<string, StepProgress>): PhaseOutline[] {
  return playbook.phases.map((phase) => ({
    id: phase.id,
    title: phase.title,
    steps: phase.steps.map((s) => ({ id: s.id, title: s.title, risk: s.risk, priority: s.priority, why: s.why, status: statusOf(progress.get(s.id)) })),
  }));
}

export function statusOf(p: StepProgress | undefined): StepStatus {
  if (!p || p.kind === 'pending') return 'pending';
  if (p.kind === 'done') return p.status;
  if (p.kind === 'failed') return 'failed';
  return 'running';
}

/** The steps between --from and --to, in playbook order. */
export function boundedSteps(playbook: Playbook, from?: string, to?: string): { phase: Phase; step: Step }[] {
  const all = playbook.phases.flatMap((phase) => phase.steps.map((step) => ({ phase, step })));
  const indexOf = (id: string, flag: string) => {
    const i = all.findIndex((s) => s.step.id === id);
    if (i < 0) throw new UserError(`${flag} ${id}: no such step; steps are: ${all.map((s) => s.step.id).join(', ')}`);
    return i;
  };
  const start = from ? indexOf(from, '--from') : 0;
  const end = to ? indexOf(to, '--to') : all.length - 1;
  if (start > end) throw new UserError(`--from ${from} comes after --to ${to}`);
  return all.slice(start, end + 1);
}

export async function conditionHolds(step: Step, vars: Record<string, string>, fs: DiskProjectFs | OverlayProjectFs): Promise<string | null> {
  if (!step.when) return null;
  const when = substitute(step.when, vars, step.source);
  if (when.exists && !(await fs.exists(when.exists))) return `${when.exists} does not exist`;
  if (when.absent && (await fs.exists(when.absent))) return `${when.absent} exists`;
  return null;
}

class Runner {
  private readonly s: Session;
  private readonly now: () => Date;
  private readonly lastLines: string[] = [];
  private readonly plans = new PlanMemo();

  constructor(private readonly o: RunOptions) {
    this.s = o.session;
    this.now = o.now ?? (() => new Date());
  }

  private ask<R extends PromptRequest>(req: R): Promise<PromptAnswer<R['kind']>> {
    return this.o.prompter.ask(this.s.redactor.deep(req));
  }

  private context(stepId: string, fs = new DiskProjectFs(this.s.root) as DiskProjectFs | OverlayProjectFs, quiet = false): StepContext {
    return {
      root: this.s.root,
      fs,
      vars: this.o.vars,
      stepId,
      log: (line, level = 'info') => (quiet ? undefined : this.s.emit({ type: 'log', level, stepId, line })),
      output: (line, stream) => {
        this.lastLines.push(line);
        if (this.lastLines.length > 20) this.lastLines.shift();
        this.s.emit({ type: 'log', level: 'info', stream, stepId, line });
      },
      signal: this.o.signal,
      prompter: { ask: (req) => this.ask(req) },
      assumeYes: this.o.assumeYes,
      now: this.now,
      appliedChanges: () =>
        appliedChanges(this.s.journal.all()).ops.map(({ step, op }) =>
          op.kind === 'rename'
            ? { stepId: step, kind: 'rename' as const, path: op.to, from: op.from, afterSha256: op.file.hash }
            : { stepId: step, kind: op.before ? ('modify' as const) : ('create' as const), path: op.path, beforeSha256: op.before?.hash, afterSha256: op.after.hash },
        ),
    };
  }

  private checkInterrupted(): void {
    if (this.o.signal.aborted) throw new InterruptedError('stopped on request; the last change was finished and saved');
  }

  /** Plan every pending step on an overlay before changing anything, so bad input fails with no file touched. */
  private async preflight(selected: { phase: Phase; step: Step }[], progress: Map<string, StepProgress>): Promise<void> {
    const overlay = new OverlayProjectFs(this.s.root);
    for (const { step } of selected) {
      const p = progress.get(step.id);
      if (p?.kind === 'done' && !p.retry) continue;
      if (await conditionHolds(step, this.o.vars, overlay)) continue;
      const preview = await previewStep(step, this.o.vars, overlay, this.context(step.id, overlay, true), { withDiffs: false, memo: this.plans });
      // Past a command we cannot know what the disk will look like; later steps are checked when they run.
      if (preview.effects.length > 0) return;
    }
  }

  async run(): Promise<RunResult> {
    settleOpenActions(this.s, 'resume');
    const selected = boundedSteps(this.o.playbook, this.o.from, this.o.to);
    let progress = stepProgress(this.s.journal.all());
    const resumingAt = selected.find(({ step }) => ['in-progress', 'failed'].includes(progress.get(step.id)?.kind ?? ''))?.step.id;
    const outline = outlineOf(this.o.playbook, progress);
    this.s.emit({ type: 'run-start', command: 'run', playbook: this.o.playbook.name, projectRoot: this.s.root, phases: outline, resumingAt, logFile: this.s.logFile });
    await this.preflight(selected, progress);
    startState(this.s, this.o.playbook.name, this.o.vars, outline);
    const runBegin = this.s.journal.append({ kind: 'run-begin', runId: `${process.pid}-${Date.now()}`, playbook: this.o.playbook.name, command: 'run', vars: this.o.vars });

    const skipped: RunSummary['skipped'] = [];
    const failed: RunSummary['failed'] = [];
    let stopped = false;
    let waiting = 0;
    for (const phase of this.o.playbook.phases) {
      const steps = selected.filter((s) => s.phase === phase);
      if (steps.length === 0) continue;
      this.s.emit({ type: 'phase-start', phaseId: phase.id, title: phase.title });
      const statuses: string[] = [];
      for (const { step } of steps) {
        progress = stepProgress(this.s.journal.all());
        const outcome = await this.runStep(phase, step, progress.get(step.id));
        statuses.push(outcome.status);
        if (outcome.status === 'skipped' && outcome.reason && outcome.reason !== 'already done') skipped.push({ stepId: step.id, reason: outcome.reason });
        if (outcome.pending) waiting++;
        if (outcome.status === 'failed' || outcome.status === 'rolled-back') failed.push({ stepId: step.id, reason: outcome.reason ?? 'failed' });
        if (outcome.stop) {
          stopped = true;
          break;
        }
      }
      const phaseStatus = statuses.every((s) => s === 'passed') ? 'passed' : statuses.every((s) => s === 'skipped') ? 'skipped' : statuses.includes('failed') ? 'failed' : 'partial';
      this.s.emit({ type: 'phase-end', phaseId: phase.id, status: phaseStatus });
      if (stopped) break;
    }
    const summary = this.summary(skipped, failed, runBegin.seq);
    const exitCode = failed.length > 0 || waiting > 0 ? ExitCode.failed : ExitCode.ok;
    this.s.emit({ type: 'done', status: exitCode === 0 ? 'ok' : 'failed', exitCode, summary });
    return { exitCode, summary };
  }

  private summary(skipped: RunSummary['skipped'], failed: RunSummary['failed'], sinceSeq: number): RunSummary {
    // What this run changed (a re-run of a finished playbook reports nothing).
    const ops = appliedChanges(this.s.journal.all()).ops.filter((o) => o.commitSeq > sinceSeq);
    const created = new Set<string>();
    const modified = new Set<string>();
    const renamed: { from: string; to: string }[] = [];
    for (const { op } of ops) {
      if (op.kind === 'rename') renamed.push({ from: op.from, to: op.to });
      else if (op.before === null) created.add(op.path);
      else if (!created.has(op.path)) modified.add(op.path);
    }
    const next = failed.length === 0 ? (this.o.next ?? []) : [];
    return { created: [...created], modified: [...modified], renamed, skipped, failed, next, logFile: this.s.logFile };
  }

  private async runStep(phase: Phase, step: Step, progress: StepProgress | undefined): Promise<StepOutcome> {
    const endStep = (status: 'passed' | 'skipped' | 'failed' | 'rolled-back', changes: FileChangeSummary[], reason?: string) =>
      this.s.emit({ type: 'step-end', phaseId: phase.id, stepId: step.id, status, reason, changes });

    if (progress?.kind === 'done' && !progress.retry) {
      endStep(progress.status, [], progress.status === 'passed' ? 'already done' : progress.reason);
      return { status: progress.status === 'passed' ? 'passed' : 'skipped', reason: progress.status === 'passed' ? 'already done' : undefined };
    }
    const resuming = progress?.kind === 'in-progress';
    if (!resuming) {
      const unmet = await conditionHolds(step, this.o.vars, new DiskProjectFs(this.s.root));
      if (unmet) {
        const reason = `not needed: ${unmet}`;
        this.s.journal.append({ kind: 'step-end', step: step.id, status: 'skipped', reason });
        recordStep(this.s, step.id, { phase: phase.id, status: 'skipped', reason });
        endStep('skipped', [], reason);
        return { status: 'skipped', reason };
      }
      if (!this.o.assumeYes) {
        const overlay = new OverlayProjectFs(this.s.root);
        // What the user confirms is what gets applied, unless the files change meanwhile.
        const preview = await previewStep(step, this.o.vars, overlay, this.context(step.id, overlay, true), { memo: this.plans });
        const answer = await this.ask({ kind: 'confirm-step', stepId: step.id, title: step.title, why: step.why, diffs: preview.diffs, effects: preview.effects });
        if (answer.choice === 'quit') throw new InterruptedError('stopped before this step; nothing of it was applied');
        if (answer.choice === 'skip') {
          const reason = answer.reason || 'skipped by user';
          this.s.journal.append({ kind: 'step-end', step: step.id, status: 'skipped', reason });
          recordStep(this.s, step.id, { phase: phase.id, status: 'skipped', reason });
          endStep('skipped', [], reason);
          return { status: 'skipped', reason };
        }
      }
      this.s.journal.append({ kind: 'step-begin', step: step.id, phase: phase.id });
    }
    recordStep(this.s, step.id, { phase: phase.id, status: 'running' });
    this.s.emit({ type: 'step-start', phaseId: phase.id, stepId: step.id, title: step.title });
    this.s.redactor.refresh();

    let resumeFrom = resuming ? (progress as Extract<StepProgress, { kind: 'in-progress' }>) : undefined;
    for (;;) {
      const changes: FileChangeSummary[] = [];
      const failure = (await this.runActions(step, resumeFrom, changes)) ?? (await this.runChecks(step));
      resumeFrom = undefined;
      if (!failure) {
        this.s.journal.append({ kind: 'step-end', step: step.id, status: 'passed' });
        recordStep(this.s, step.id, { phase: phase.id, status: 'passed' });
        endStep('passed', changes);
        return { status: 'passed' };
      }
      if (failure.pending) {
        // Waiting for a person: not failed, not done. The next run asks again.
        const reason = `waiting for sign-off: ${failure.message}`;
        recordStep(this.s, step.id, { phase: phase.id, status: 'pending', reason });
        endStep('skipped', changes, reason);
        return { status: 'skipped', reason, pending: true };
      }
      if (failure.allSkipped) {
        const reason = `checks skipped: ${failure.message}`;
        this.s.journal.append({ kind: 'step-end', step: step.id, status: 'skipped', reason, retry: true });
        recordStep(this.s, step.id, { phase: phase.id, status: 'skipped', reason });
        endStep('skipped', changes, reason);
        return { status: 'skipped', reason };
      }
      const choice = this.o.assumeYes ? 'quit' : (await this.ask({ kind: 'check-failed', stepId: step.id, message: failure.message, lastLogLines: [...this.lastLines] })).choice;
      if (choice === 'retry') continue;
      if (choice === 'skip') {
        const reason = `failed and skipped by user: ${failure.message}`;
        this.s.journal.append({ kind: 'step-end', step: step.id, status: 'skipped', reason });
        recordStep(this.s, step.id, { phase: phase.id, status: 'skipped', reason });
        endStep('skipped', changes, reason);
        return { status: 'skipped', reason };
      }
      this.s.journal.append({ kind: 'step-end', step: step.id, status: 'failed', reason: failure.message });
      recordStep(this.s, step.id, { phase: phase.id, status: 'failed', reason: failure.message });
      if (choice === 'revert') {
        const plan = planRollback(this.s, this.o.playbook, { kind: 'step', id: step.id }, false);
        await executeRollback(this.s, plan, false, `step ${step.id}`);
        endStep('rolled-back', changes, failure.message);
        return { status: 'rolled-back', reason: failure.message, stop: true };
      }
      const headline = firstLine(failure.message);
      endStep('failed', changes, headline);
      this.s.emit({ type: 'log', level: 'error', stepId: step.id, line: `step ${step.id} failed (details above). Fix it and run again to retry, or undo it with: migrate-wizard rollback --step ${step.id}` });
      return { status: 'failed', reason: headline, stop: true };
    }
  }

  private async runActions(step: Step, resume: Extract<StepProgress, { kind: 'in-progress' }> | undefined, changes: FileChangeSummary[]): Promise<{ message: string; allSkipped?: boolean; pending?: boolean } | null> {
    for (const [index, raw] of step.actions.entries()) {
      if (resume?.finishedActions.has(index)) continue;
      this.checkInterrupted();
      const spec = substitute(raw, this.o.vars, `${step.source}: step ${step.id}, action ${index + 1}`);
      const def = actionDefinition(spec.type);
      const ctx = this.context(step.id);
      this.s.emit({ type: 'action-start', stepId: step.id, index, actionType: spec.type, summary: def.describe(spec) });
      const done: FileChangeSummary[] = [];
      try {
        if (resume?.openAction?.action === index) {
          // Finish exactly what was recorded, not a fresh plan: the journal is the truth.
          this.finishOps(step.id, index, resume.openAction.ops, resume.openAction.committed, done);
        } else if (def.plan) {
          const ops = await this.planAction(step.id, index, spec, def, ctx);
          if (ops.length > 0) {
            const journalOps = ops.map((op) => prepareOp(this.s.root, op, this.s.store));
            this.s.journal.append({ kind: 'action-begin', step: step.id, action: index, type: spec.type, ops: journalOps });
            this.finishOps(step.id, index, journalOps, new Set(), done);
          }
        }
        if (def.execute) {
          if (resume?.openEffect === index) ctx.log(`re-running "${def.describe(spec)}": the previous run stopped while it was running`, 'warn');
          this.s.journal.append({ kind: 'effect-begin', step: step.id, action: index, type: spec.type, summary: def.describe(spec) });
          const result = await def.execute(spec, ctx);
          this.checkInterrupted();
          this.s.journal.append({ kind: 'effect-end', step: step.id, action: index, ok: result.ok, revertArgv: result.revertArgv });
          if (result.record) recordStep(this.s, step.id, { phase: step.phaseId, status: 'running', manual: result.record as never });
          if (!result.ok) {
            this.s.emit({ type: 'action-end', stepId: step.id, index, actionType: spec.type, status: 'failed', changes: done, error: result.message });
            return { message: result.message ?? `${def.describe(spec)} failed`, pending: result.pending };
          }
        } else if (done.length > 0 || resume?.openAction?.action === index) {
          this.s.journal.append({ kind: 'action-end', step: step.id, action: index });
        }
      } catch (err) {
        if (err instanceof InterruptedError || !(err instanceof UserError)) throw err;
        this.s.emit({ type: 'action-end', stepId: step.id, index, actionType: spec.type, status: 'failed', changes: done, error: err.message });
        return { message: err.hint ? `${err.message} (${err.hint})` : err.message };
      }
      changes.push(...done);
      this.s.emit({ type: 'action-end', stepId: step.id, index, actionType: spec.type, status: done.length > 0 || def.execute ? 'done' : 'unchanged', changes: done });
    }
    return null;
  }

  /** A plan made moments ago (preflight or the confirmed preview) when it still holds, else a fresh one. */
  private async planAction(stepId: string, index: number, spec: TypedSpec, def: ReturnType<typeof actionDefinition>, ctx: StepContext): Promise<FileOp[]> {
    const recorded = def.replayablePlan ? await this.plans.take(stepId, index, ctx.fs) : null;
    if (!recorded) return def.plan!(spec, ctx);
    for (const { line, level } of recorded.logs) ctx.log(line, level);
    return recorded.ops;
  }

  private finishOps(step: string, action: number, ops: JournalOp[], committed: Set<number>, done: FileChangeSummary[]): void {
    ops.forEach((op, i) => {
      if (!committed.has(i)) {
        applyOp(this.s.root, op, this.s.store);
        this.s.journal.append({ kind: 'op-commit', step, action, op: i });
      }
      done.push(op.kind === 'rename' ? { op: 'rename', path: op.to, from: op.from } : { op: op.before ? 'modify' : 'create', path: op.path });
    });
  }

  private async runChecks(step: Step): Promise<{ message: string; allSkipped?: boolean; pending?: boolean } | null> {
    const failures: string[] = [];
    const skips: string[] = [];
    for (const [index, raw] of step.checks.entries()) {
      const spec = substitute(raw, this.o.vars, `${step.source}: step ${step.id}, check ${index + 1}`);
      // After Ctrl+C only teardowns still run, with a signal of their own so they can finish.
      if (this.o.signal.aborted && !checkDefinition(spec.type).cleanup) continue;
      const ctx = this.o.signal.aborted ? { ...this.context(step.id), signal: new AbortController().signal } : this.context(step.id);
      const result = await runCheck(spec, index, ctx, (e) => this.s.emit(e));
      if (result.status === 'failed') failures.push(`${result.summary}: ${result.message}`);
      if (result.status === 'skipped') skips.push(result.message);
    }
    this.checkInterrupted();
    if (failures.length > 0) return { message: failures.join('; ') };
    if (step.checks.length > 0 && skips.length === step.checks.length && step.actions.length === 0) return { message: skips.join('; '), allSkipped: true };
    return null;
  }
}

/** The first line of a long message, for summaries; the full text was already shown with the check. */
function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.length > 240 ? `${line.slice(0, 237)}…` : line;
}

export function runPlaybook(options: RunOptions): Promise<RunResult> {
  return new Runner(options).run();
}
