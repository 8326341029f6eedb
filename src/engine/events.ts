/**
 * Everything the engine tells the outside world. Reporters (plain, json, ink)
 * render these and nothing else; adding an action or check type needs no new event.
 * The shape is documented in README.md ("JSON events"); bump EVENT_SCHEMA_VERSION on breaking changes.
 */
export const EVENT_SCHEMA_VERSION = 1;

export type Risk = 'low' | 'medium' | 'high' | 'critical';
export type Priority = 'low' | 'medium' | 'high' | 'critical';

export type StepStatus =
  | 'pending'
  | 'running'
  | 'passed'
  | 'failed'
  | 'skipped'
  | 'rolled-back';

export interface StepOutline {
  id: string;
  title: string;
  risk: Risk;
  priority: Priority;
  why: string;
  status: StepStatus;
}

export interface PhaseOutline {
  id: string;
  title: string;
  steps: StepOutline[];
}

/** A file change as reported to users: paths relative to the project root. */
export interface FileChangeSummary {
  op: 'create' | 'modify' | 'rename' | 'delete';
  path: string;
  /** For renames: the old path. */
  from?: string;
}

export type EngineEvent =
  | {
      type: 'run-start';
      command: string;
      playbook: string;
      projectRoot: string;
      phases: PhaseOutline[];
      /** Step id the run re-enters at, when resuming saved state. */
      resumingAt?: string;
      /** The full log of this run. */
      logFile?: string;
    }
  | { type: 'phase-start'; phaseId: string; title: string }
  | { type: 'phase-end'; phaseId: string; status: 'passed' | 'failed' | 'skipped' | 'partial' }
  | { type: 'step-start'; phaseId: string; stepId: string; title: string }
  | {
      type: 'step-end';
      phaseId: string;
      stepId: string;
      status: Exclude<StepStatus, 'pending' | 'running'>;
      /** Why it was skipped or failed; for skipped-because-done: "already done". */
      reason?: string;
      changes: FileChangeSummary[];
    }
  | { type: 'action-start'; stepId: string; index: number; actionType: string; summary: string }
  | {
      type: 'action-end';
      stepId: string;
      index: number;
      actionType: string;
      status: 'done' | 'failed' | 'unchanged';
      changes: FileChangeSummary[];
      error?: string;
    }
  | { type: 'check-start'; stepId: string; index: number; checkType: string; summary: string }
  | {
      type: 'check-end';
      stepId: string;
      index: number;
      checkType: string;
      status: 'passed' | 'failed' | 'skipped';
      message: string;
      durationMs: number;
    }
  | {
      type: 'log';
      level: 'info' | 'warn' | 'error';
      /** 'stdout'/'stderr' for output of commands the wizard runs. */
      stream?: 'stdout' | 'stderr';
      stepId?: string;
      line: string;
    }
  | { type: 'diff'; stepId: string; path: string; diff: string }
  | { type: 'rollback-start'; scope: string; entries: RollbackEntry[] }
  | { type: 'rollback-entry'; entry: RollbackEntry; status: 'restored' | 'already-restored' | 'kept-user-version' | 'refused'; note?: string }
  | { type: 'rollback-end'; status: 'done' | 'refused' | 'nothing-to-do'; restored: number }
  | {
      type: 'done';
      status: 'ok' | 'failed' | 'interrupted' | 'drift' | 'changes' | 'nothing-to-do';
      exitCode: number;
      summary: RunSummary;
    };

export interface RollbackEntry {
  stepId: string;
  op: 'remove' | 'restore' | 'rename-back' | 'run-revert';
  path: string;
  /** For rename-back: the path it is renamed back from. */
  from?: string;
  /** The file differs from what the wizard wrote. */
  drifted: boolean;
}

export interface RunSummary {
  created: string[];
  modified: string[];
  renamed: { from: string; to: string }[];
  skipped: { stepId: string; reason: string }[];
  failed: { stepId: string; reason: string }[];
  /** Suggested commands to run next. */
  next: string[];
  logFile?: string;
}
