import type { JournalOp, JournalRecord } from './journal-records.js';

export type StepProgress =
  | { kind: 'pending' }
  | { kind: 'done'; status: 'passed' | 'skipped'; reason?: string; retry: boolean }
  | { kind: 'failed'; reason?: string }
  | {
      kind: 'in-progress';
      /** Actions finished since the step began. */
      finishedActions: Set<number>;
      /** An action whose ops were recorded but not all committed. */
      openAction?: { action: number; beginSeq: number; ops: JournalOp[]; committed: Set<number> };
      /** Effects begun but not ended (to re-run). */
      openEffect?: number;
    };

/** What the journal says about each step. The journal is the source of truth; state.json is a summary. */
export function stepProgress(records: readonly JournalRecord[]): Map<string, StepProgress> {
  const progress = new Map<string, StepProgress>();
  for (const r of records) {
    switch (r.kind) {
      case 'step-begin':
        progress.set(r.step, { kind: 'in-progress', finishedActions: new Set() });
        break;
      case 'action-begin': {
        const p = progress.get(r.step);
        if (p?.kind === 'in-progress') p.openAction = { action: r.action, beginSeq: r.seq, ops: r.ops, committed: new Set() };
        break;
      }
      case 'op-commit': {
        const p = progress.get(r.step);
        if (p?.kind === 'in-progress' && p.openAction?.action === r.action) p.openAction.committed.add(r.op);
        break;
      }
      case 'effect-begin': {
        const p = progress.get(r.step);
        if (p?.kind === 'in-progress') p.openEffect = r.action;
        break;
      }
      case 'effect-end':
      case 'action-end': {
        const p = progress.get(r.step);
        if (p?.kind !== 'in-progress') break;
        if (r.kind === 'effect-end' && !r.ok) {
          p.openEffect = undefined;
          break;
        }
        if (r.kind === 'action-end' && r.aborted) {
          p.openAction = undefined;
          break;
        }
        p.finishedActions.add(r.action);
        if (p.openAction?.action === r.action) p.openAction = undefined;
        if (p.openEffect === r.action) p.openEffect = undefined;
        break;
      }
      case 'step-end':
        progress.set(
          r.step,
          r.status === 'failed'
            ? { kind: 'failed', reason: r.reason }
            : { kind: 'done', status: r.status, reason: r.reason, retry: r.retry === true },
        );
        break;
      case 'step-reverted':
        progress.set(r.step, { kind: 'pending' });
        break;
      default:
        break;
    }
  }
  return progress;
}

/** Ops applied and not yet reverted, oldest first. */
export interface AppliedOp {
  step: string;
  beginSeq: number;
  index: number;
  op: JournalOp;
  commitSeq: number;
}

export interface AppliedEffect {
  step: string;
  beginSeq: number;
  revertArgv: string[];
  commitSeq: number;
}

export function appliedChanges(records: readonly JournalRecord[]): { ops: AppliedOp[]; effects: AppliedEffect[] } {
  const open = new Map<string, Extract<JournalRecord, { kind: 'action-begin' }>>();
  const effectBegins = new Map<string, number>();
  const ops = new Map<string, AppliedOp>();
  const effects = new Map<number, AppliedEffect>();
  for (const r of records) {
    if (r.kind === 'action-begin') {
      open.set(`${r.step}#${r.action}`, r);
    } else if (r.kind === 'op-commit') {
      const begin = open.get(`${r.step}#${r.action}`);
      if (begin) ops.set(`${begin.seq}:${r.op}`, { step: r.step, beginSeq: begin.seq, index: r.op, op: begin.ops[r.op], commitSeq: r.seq });
    } else if (r.kind === 'effect-begin') {
      effectBegins.set(`${r.step}#${r.action}`, r.seq);
    } else if (r.kind === 'effect-end' && r.ok && r.revertArgv?.length) {
      const beginSeq = effectBegins.get(`${r.step}#${r.action}`) ?? r.seq;
      effects.set(beginSeq, { step: r.step, beginSeq, revertArgv: r.revertArgv, commitSeq: r.seq });
    } else if (r.kind === 'revert-commit') {
      ops.delete(`${r.beginSeq}:${r.op}`);
    } else if (r.kind === 'effect-reverted') {
      effects.delete(r.beginSeq);
    }
  }
  return {
    ops: [...ops.values()].sort((a, b) => a.commitSeq - b.commitSeq),
    effects: [...effects.values()].sort((a, b) => a.commitSeq - b.commitSeq),
  };
}
