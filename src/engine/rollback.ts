import { DriftError, UserError } from './errors.js';
import { loadExeca } from './load-execa.js';
import type { RollbackEntry } from './events.js';
import { describeDrift, opState, revertOp } from './file-changes.js';
import type { JournalOp } from './journal-records.js';
import type { Playbook } from './playbook/types.js';
import { appliedChanges, stepProgress, type AppliedEffect, type AppliedOp } from './progress.js';
import { settleOpenActions } from './recover.js';
import type { Session } from './session.js';
import { markSteps } from './state-summary.js';

export type RollbackScope = { kind: 'all' } | { kind: 'phase'; id: string } | { kind: 'step'; id: string };

function pathsOf(op: JournalOp): string[] {
  return op.kind === 'rename' ? [op.from, op.to] : [op.path];
}

/**
 * An op is judged against the disk only when it is the newest applied change of each of its
 * files; an older one is checked when the newer ones have been undone (in the same rollback).
 */
function isNewestFor(applied: AppliedOp, all: readonly AppliedOp[]): boolean {
  return pathsOf(applied.op).every((p) => !all.some((o) => o.commitSeq > applied.commitSeq && pathsOf(o.op).includes(p)));
}

function entryFor(root: string, applied: AppliedOp, all: readonly AppliedOp[] = [applied]): RollbackEntry {
  const op: JournalOp = applied.op;
  const drifted = isNewestFor(applied, all) && opState(root, op) === 'drift';
  if (op.kind === 'rename') return { stepId: applied.step, op: 'rename-back', path: op.from, from: op.to, drifted };
  return { stepId: applied.step, op: op.before ? 'restore' : 'remove', path: op.path, drifted };
}

export function stepsInScope(session: Session, playbook: Playbook | undefined, scope: RollbackScope): Set<string> | 'all' {
  if (scope.kind === 'all') return 'all';
  if (scope.kind === 'step') return new Set([scope.id]);
  const fromPlaybook = playbook?.phases.find((p) => p.id === scope.id)?.steps.map((s) => s.id);
  const fromJournal = session.journal
    .all()
    .filter((r) => r.kind === 'step-begin' && r.phase === scope.id)
    .map((r) => (r as { step: string }).step);
  const ids = new Set([...(fromPlaybook ?? []), ...fromJournal]);
  if (ids.size === 0) throw new UserError(`no phase "${scope.id}" in this migration`, 64, 'see `migrate-wizard status` for the phase ids');
  return ids;
}

export interface RollbackPlan {
  ops: AppliedOp[];
  effects: AppliedEffect[];
  entries: RollbackEntry[];
  steps: string[];
}

/** What a rollback of `scope` would undo, newest first. Settles interrupted work first. */
export function planRollback(session: Session, playbook: Playbook | undefined, scope: RollbackScope, force: boolean): RollbackPlan {
  settleOpenActions(session, 'rollback', force);
  const inScope = stepsInScope(session, playbook, scope);
  const wanted = (step: string) => inScope === 'all' || inScope.has(step);
  const { ops, effects } = appliedChanges(session.journal.all());
  const myOps = ops.filter((o) => wanted(o.step)).reverse();
  const myEffects = effects.filter((e) => wanted(e.step)).reverse();
  // A file changed again by a step outside the scope: that later change must be undone first.
  for (const o of myOps) {
    const later = ops.find((x) => x.commitSeq > o.commitSeq && !wanted(x.step) && pathsOf(x.op).some((p) => pathsOf(o.op).includes(p)));
    if (later) {
      throw new UserError(
        `cannot roll back step "${o.step}" alone: ${pathsOf(o.op).join(' / ')} was changed again later by step "${later.step}"`,
        64,
        `roll back step ${later.step} first (migrate-wizard rollback --step ${later.step}), or its phase, or everything`,
      );
    }
  }
  const entries = myOps.map((o) => entryFor(session.root, o, myOps));
  for (const e of myEffects) entries.push({ stepId: e.step, op: 'run-revert', path: e.revertArgv.join(' '), drifted: false });
  const steps = [...stepProgress(session.journal.all())]
    .filter(([id, p]) => wanted(id) && p.kind !== 'pending')
    .map(([id]) => id);
  if (scope.kind === 'step' && steps.length === 0 && myOps.length === 0) {
    const known = [...stepProgress(session.journal.all()).keys()];
    if (!known.includes(scope.id)) throw new UserError(`no step "${scope.id}" has run in this migration`, 64, known.length ? `steps that ran: ${known.join(', ')}` : 'nothing has run yet');
  }
  return { ops: myOps, effects: myEffects, entries, steps };
}

/** Undo, newest first, recording each revert in the journal so an interrupted rollback resumes exactly. */
export async function executeRollback(session: Session, plan: RollbackPlan, force: boolean, scopeLabel: string): Promise<{ restored: number; kept: string[] }> {
  session.emit({ type: 'rollback-start', scope: scopeLabel, entries: plan.entries });
  if (plan.entries.length === 0 && plan.steps.length === 0) {
    session.emit({ type: 'rollback-end', status: 'nothing-to-do', restored: 0 });
    return { restored: 0, kept: [] };
  }
  // plan.entries[i] describes plan.ops[i]; drift was judged once, when the plan was made.
  const entryOf = new Map(plan.ops.map((o, i) => [o, plan.entries[i]]));
  const drifted = plan.ops.filter((o) => entryOf.get(o)!.drifted);
  if (drifted.length > 0 && !force) {
    for (const o of drifted) session.emit({ type: 'rollback-entry', entry: entryOf.get(o)!, status: 'refused', note: describeDrift(session.root, o.op) });
    session.emit({ type: 'rollback-end', status: 'refused', restored: 0 });
    throw new DriftError(
      `rollback refused: ${drifted.length} file(s) changed since the wizard wrote them: ${drifted.map((o) => describeDrift(session.root, o.op)).join('; ')}`,
      'pass --force to restore them anyway; your versions are kept beside them as *.user-edited',
    );
  }
  let restored = 0;
  const kept: string[] = [];
  // Interleave file ops and command reverts by recency.
  const units = [
    ...plan.ops.map((o) => ({ seq: o.commitSeq, op: o as AppliedOp | undefined, effect: undefined as AppliedEffect | undefined })),
    ...plan.effects.map((e) => ({ seq: e.commitSeq, op: undefined, effect: e as AppliedEffect | undefined })),
  ].sort((a, b) => b.seq - a.seq);
  for (const unit of units) {
    if (unit.op) {
      const o = unit.op;
      session.journal.append({ kind: 'revert-begin', step: o.step, beginSeq: o.beginSeq, op: o.index });
      const { alreadyRestored, ...result } = revertOp(session.root, o.op, session.store, force);
      session.journal.append({ kind: 'revert-commit', step: o.step, beginSeq: o.beginSeq, op: o.index, ...result });
      if (result.keptUserVersionAs) kept.push(result.keptUserVersionAs);
      restored++;
      session.emit({
        type: 'rollback-entry',
        entry: entryOf.get(o)!,
        status: result.keptUserVersionAs ? 'kept-user-version' : alreadyRestored ? 'already-restored' : 'restored',
        note: result.keptUserVersionAs ? `your version is kept as ${result.keptUserVersionAs}` : undefined,
      });
    } else if (unit.effect) {
      const e = unit.effect;
      const [cmd, ...args] = e.revertArgv;
      const execa = await loadExeca();
      const res = await execa(cmd, args, { cwd: session.root, reject: false, stdin: 'ignore' });
      for (const line of `${res.stdout ?? ''}\n${res.stderr ?? ''}`.split('\n').filter(Boolean).slice(-20)) {
        session.emit({ type: 'log', level: 'info', stream: 'stdout', stepId: e.step, line });
      }
      const ok = res.exitCode === 0;
      session.journal.append({ kind: 'effect-reverted', step: e.step, beginSeq: e.beginSeq, ok });
      session.emit({
        type: 'rollback-entry',
        entry: { stepId: e.step, op: 'run-revert', path: e.revertArgv.join(' '), drifted: false },
        status: ok ? 'restored' : 'refused',
        note: ok ? undefined : `revert command exited with ${res.exitCode ?? res.failed}`,
      });
    }
  }
  for (const step of plan.steps) session.journal.append({ kind: 'step-reverted', step });
  markSteps(session, plan.steps, 'rolled-back');
  session.emit({ type: 'rollback-end', status: 'done', restored });
  return { restored, kept };
}
