/** The journal's record shapes. Append-only; one JSON object per line. */

export interface FileStateRef {
  hash: string;
  mode: number;
}

export type JournalOp =
  | {
      kind: 'write';
      path: string;
      /** null: the file did not exist. */
      before: FileStateRef | null;
      after: FileStateRef;
      /** Folders created for this file, outermost first; removed on rollback when empty. */
      createdDirs: string[];
    }
  | {
      kind: 'rename';
      from: string;
      to: string;
      file: FileStateRef;
      createdDirs: string[];
    };

interface Base {
  seq: number;
  at: string;
}

export type JournalRecord = Base &
  (
    | { kind: 'run-begin'; runId: string; playbook: string; command: string; vars: Record<string, string> }
    | { kind: 'step-begin'; step: string; phase: string }
    | { kind: 'action-begin'; step: string; action: number; type: string; ops: JournalOp[] }
    | { kind: 'op-commit'; step: string; action: number; op: number }
    | { kind: 'effect-begin'; step: string; action: number; type: string; summary: string }
    | { kind: 'effect-end'; step: string; action: number; ok: boolean; revertArgv?: string[] }
    | { kind: 'action-end'; step: string; action: number; aborted?: boolean }
    | { kind: 'step-end'; step: string; status: 'passed' | 'failed' | 'skipped'; reason?: string; /** Skipped for now (e.g. no engine): tried again next run. */ retry?: boolean }
    | { kind: 'revert-begin'; step: string; beginSeq: number; op: number }
    | { kind: 'revert-commit'; step: string; beginSeq: number; op: number; keptUserVersionAs?: string }
    | { kind: 'effect-reverted'; step: string; beginSeq: number; ok: boolean }
    | { kind: 'step-reverted'; step: string }
  );

export type JournalRecordInput = JournalRecord extends infer R ? (R extends Base ? Omit<R, 'seq' | 'at'> : never) : never;
