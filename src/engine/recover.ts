import { DriftError } from './errors.js';
import { cleanupTemps, describeDrift, opState, removeEmptyDirs } from './file-changes.js';
import { stepProgress } from './progress.js';
import type { Session } from './session.js';

/**
 * Settle what a killed process left half done. For each op of an open action that has no
 * commit record: remove its temp file, then compare the file's hash with the journal —
 * already as planned: record the commit; still as before: leave it for resume to redo;
 * neither: drift, stop and say so. For rollback, the open action is then closed.
 */
export function settleOpenActions(session: Session, mode: 'resume' | 'rollback', force = false): void {
  for (const [step, p] of stepProgress(session.journal.all())) {
    if (p.kind !== 'in-progress' || !p.openAction) continue;
    const { action, ops, committed } = p.openAction;
    ops.forEach((op, index) => {
      if (committed.has(index)) return;
      cleanupTemps(session.root, op);
      const state = opState(session.root, op);
      if (state === 'after') {
        session.journal.append({ kind: 'op-commit', step, action, op: index });
      } else if (state === 'drift' && mode === 'rollback' && force) {
        // Let the forced rollback restore it and keep the user's version beside it.
        session.journal.append({ kind: 'op-commit', step, action, op: index });
      } else if (state === 'drift') {
        throw new DriftError(
          `an interrupted change in step "${step}" cannot be settled: ${describeDrift(session.root, op)}`,
          'restore the file by hand, or run `migrate-wizard rollback --force` (your version is kept beside it)',
        );
      }
    });
    if (mode === 'rollback') {
      // Folders made for ops that never landed (killed between mkdir and rename) go too.
      for (const [index, op] of [...ops.entries()].reverse()) {
        if (!committed.has(index) && opState(session.root, op) === 'before') removeEmptyDirs(session.root, op.createdDirs);
      }
      session.journal.append({ kind: 'action-end', step, action, aborted: true });
    }
  }
}
