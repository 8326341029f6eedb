/**
 * The Ink reporter's model: a mutable store fed by engine events, read by the React tree.
 *
 * Events can arrive at 100k+/s (a command printing 200,000 lines). Turning each one into a React
 * state update would make rendering, not the command, the bottleneck. So events mutate plain
 * objects here in O(1), and subscribers are told at most once per `intervalMs`; the tree then reads
 * the current state. Everything kept is bounded: the log is a ring buffer, per-step records are
 * one per playbook step, and live rows are one per action/check of the current step.
 */
import type {
  EngineEvent,
  FileChangeSummary,
  PhaseOutline,
  RollbackEntry,
  RunSummary,
  StepStatus,
} from '../../engine/events.js';
import { InterruptedError } from '../../engine/errors.js';
import { RingBuffer } from './ring-buffer.js';
import type { UiRequest } from './types.js';

/** Longest log line kept; the rest of a huge line is in the full log file. */
export const MAX_LOG_LINE = 1000;
export const DEFAULT_LOG_CAPACITY = 200;

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  stream?: 'stdout' | 'stderr';
  line: string;
}

/** One action or check of the step that is running now. */
export interface LiveItem {
  kind: 'action' | 'check';
  index: number;
  type: string;
  summary: string;
  status: 'running' | 'done' | 'unchanged' | 'passed' | 'failed' | 'skipped';
  /** Check message, or action error. */
  message?: string;
  durationMs?: number;
}

export interface StepRecord {
  status: StepStatus;
  reason?: string;
  changes: FileChangeSummary[];
  diffs: { path: string; diff: string }[];
}

export type RollbackEntryStatus = 'pending' | 'restored' | 'already-restored' | 'kept-user-version' | 'refused';

export interface RollbackView {
  scope: string;
  entries: { entry: RollbackEntry; status: RollbackEntryStatus; note?: string }[];
  end?: { status: 'done' | 'refused' | 'nothing-to-do'; restored: number };
}

export interface PendingPrompt {
  id: number;
  request: UiRequest;
  resolve(answer: unknown): void;
  reject(error: Error): void;
}

export interface UiState {
  run?: { command: string; playbook: string; projectRoot: string; resumingAt?: string };
  phases: PhaseOutline[];
  currentPhaseId?: string;
  currentStepId?: string;
  live: LiveItem[];
  steps: Map<string, StepRecord>;
  log: RingBuffer<LogLine>;
  /** The full log file, once known (RunSummary.logFile); until then the folder it goes into. */
  logFile?: string;
  logDir?: string;
  rollback?: RollbackView;
  done?: { status: string; exitCode: number; summary: RunSummary };
  prompt?: PendingPrompt;
  interrupted: boolean;
}

type Listener = () => void;

export class UiStore {
  readonly state: UiState;
  /** Bumped on every notify; the React tree subscribes to it. */
  version = 0;
  /** Bumped when a step's status changes: the checklist re-renders only then. */
  phasesVersion = 0;
  /** How long the last frame took (React render + Ink output, reported by the App), to keep rendering cheap under load. */
  private lastCostMs = 0;
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  /** When subscribers were last told (ms since epoch); the App's spinner skips ticks right after one. */
  lastNotify = 0;
  /** Log lines since the last notify: a flood is drawn at half the rate (nobody reads 20 log frames a second). */
  private logsSinceNotify = 0;
  private queue: PendingPrompt[] = [];
  private nextPromptId = 1;

  constructor(opts: { logCapacity?: number; logDir?: string; intervalMs?: number } = {}) {
    this.intervalMs = opts.intervalMs ?? 50;
    this.state = {
      phases: [],
      live: [],
      steps: new Map(),
      log: new RingBuffer<LogLine>(opts.logCapacity ?? DEFAULT_LOG_CAPACITY),
      logDir: opts.logDir,
      interrupted: false,
    };
  }

  private readonly intervalMs: number;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** Apply one engine event. O(1) for log lines, which are the flood. */
  dispatch(e: EngineEvent): void {
    const s = this.state;
    switch (e.type) {
      case 'log':
        // The event itself is the LogLine (no copy per line); only a huge line is cut.
        s.log.push(e.line.length > MAX_LOG_LINE ? { level: e.level, stream: e.stream, line: e.line.slice(0, MAX_LOG_LINE) } : e);
        this.logsSinceNotify++;
        break;
      case 'run-start':
        s.run = { command: e.command, playbook: e.playbook, projectRoot: e.projectRoot, resumingAt: e.resumingAt };
        // The log pane names this run's file from the start, not just the folder.
        if (e.logFile) s.logFile = e.logFile;
        // Copy: statuses change as the run goes, and the engine's objects are not ours to mutate.
        s.phases = e.phases.map((p) => ({ ...p, steps: p.steps.map((st) => ({ ...st })) }));
        for (const p of s.phases) for (const st of p.steps) this.record(st.id).status = st.status;
        this.phasesVersion++;
        break;
      case 'phase-start':
        s.currentPhaseId = e.phaseId;
        break;
      case 'phase-end':
        break;
      case 'step-start':
        s.currentPhaseId = e.phaseId;
        s.currentStepId = e.stepId;
        s.live = [];
        this.setStatus(e.stepId, 'running');
        break;
      case 'step-end': {
        this.setStatus(e.stepId, e.status);
        const rec = this.record(e.stepId);
        rec.reason = e.reason;
        rec.changes = e.changes;
        break;
      }
      case 'action-start':
        this.upsertLive({ kind: 'action', index: e.index, type: e.actionType, summary: e.summary, status: 'running' });
        break;
      case 'action-end':
        this.upsertLive({
          kind: 'action',
          index: e.index,
          type: e.actionType,
          status: e.status,
          message: e.error,
        });
        break;
      case 'check-start':
        this.upsertLive({ kind: 'check', index: e.index, type: e.checkType, summary: e.summary, status: 'running' });
        break;
      case 'check-end':
        this.upsertLive({
          kind: 'check',
          index: e.index,
          type: e.checkType,
          status: e.status,
          message: e.message,
          durationMs: e.durationMs,
        });
        break;
      case 'diff': {
        const rec = this.record(e.stepId);
        const i = rec.diffs.findIndex((d) => d.path === e.path);
        if (i >= 0) rec.diffs[i] = { path: e.path, diff: e.diff };
        else rec.diffs.push({ path: e.path, diff: e.diff });
        break;
      }
      case 'rollback-start':
        s.rollback = { scope: e.scope, entries: e.entries.map((entry) => ({ entry, status: 'pending' })) };
        break;
      case 'rollback-entry': {
        const rb = (s.rollback ??= { scope: 'all', entries: [] });
        const row = rb.entries.find((r) => sameEntry(r.entry, e.entry));
        if (row) {
          row.status = e.status;
          row.note = e.note;
        } else rb.entries.push({ entry: e.entry, status: e.status, note: e.note });
        for (const step of s.phases.flatMap((p) => p.steps)) {
          if (step.id === e.entry.stepId && e.status === 'restored') this.setStatus(step.id, 'rolled-back');
        }
        break;
      }
      case 'rollback-end': {
        const rb = (s.rollback ??= { scope: 'all', entries: [] });
        rb.end = { status: e.status, restored: e.restored };
        break;
      }
      case 'done':
        s.done = { status: e.status, exitCode: e.exitCode, summary: e.summary };
        if (e.summary.logFile) s.logFile = e.summary.logFile;
        break;
    }
    this.schedule();
  }

  /** Queue a question; the promise settles when the UI answers (or on interrupt). */
  ask(request: UiRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const p: PendingPrompt = { id: this.nextPromptId++, request, resolve, reject };
      if (this.state.interrupted) {
        settleAsQuit(p);
        return;
      }
      if (this.state.prompt) this.queue.push(p);
      else this.state.prompt = p;
      this.schedule();
    });
  }

  /** The UI's answer to the prompt on screen. */
  answer(promptId: number, value: unknown): void {
    const p = this.state.prompt;
    if (!p || p.id !== promptId) return; // a stale screen answering twice
    this.state.prompt = this.queue.shift();
    p.resolve(value);
    this.notifyNow();
  }

  /**
   * Ctrl+C: every open question is answered "quit" (or rejected with InterruptedError when it has
   * no quit answer), so the engine can finish its current atomic action and save.
   */
  interrupt(): void {
    if (this.state.interrupted) return;
    this.state.interrupted = true;
    const open = [this.state.prompt, ...this.queue].filter((p): p is PendingPrompt => !!p);
    this.state.prompt = undefined;
    this.queue = [];
    for (const p of open) settleAsQuit(p);
    this.notifyNow();
  }

  /** Tell subscribers now (before unmounting, so the last frame shows the final state). */
  flush(): void {
    this.notifyNow();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer) return;
    // Rendering may use at most ~20% of the time: a frame that took 30 ms waits 150 ms for the
    // next. A quiet run redraws every intervalMs; a log flood on a loaded machine less often.
    const base = this.logsSinceNotify > 200 ? this.intervalMs * 2 : this.intervalMs;
    const interval = Math.min(250, Math.max(base, this.lastCostMs * 5));
    const wait = Math.max(0, this.lastNotify + interval - Date.now());
    this.timer = setTimeout(() => this.notifyNow(), wait);
  }

  private notifyNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.version++;
    this.logsSinceNotify = 0;
    for (const l of this.listeners) l();
    this.lastNotify = Date.now();
  }

  /**
   * The App reports what each frame cost (React schedules the render after the notify, so the
   * notify itself cannot time it). The next frame waits at least 5× that.
   */
  reportFrameCost(ms: number): void {
    this.lastCostMs = ms;
  }

  private record(stepId: string): StepRecord {
    let rec = this.state.steps.get(stepId);
    if (!rec) {
      rec = { status: 'pending', changes: [], diffs: [] };
      this.state.steps.set(stepId, rec);
    }
    return rec;
  }

  private setStatus(stepId: string, status: StepStatus): void {
    this.record(stepId).status = status;
    this.phasesVersion++;
    for (const p of this.state.phases) {
      for (const st of p.steps) if (st.id === stepId) st.status = status;
    }
  }

  private upsertLive(item: Omit<LiveItem, 'summary'> & { summary?: string }): void {
    const live = this.state.live;
    const i = live.findIndex((x) => x.kind === item.kind && x.index === item.index);
    if (i >= 0) live[i] = { ...live[i]!, ...item, summary: item.summary ?? live[i]!.summary };
    else live.push({ ...item, summary: item.summary ?? item.type });
  }
}

function sameEntry(a: RollbackEntry, b: RollbackEntry): boolean {
  return a.stepId === b.stepId && a.op === b.op && a.path === b.path && a.from === b.from;
}

/** The answer that means "stop here, resume later" for each kind of question. */
function settleAsQuit(p: PendingPrompt): void {
  switch (p.request.kind) {
    case 'confirm-step':
    case 'check-failed':
    case 'manual':
      p.resolve({ choice: 'quit' });
      break;
    case 'confirm-dangerous':
      p.resolve({ confirmed: false });
      break;
    case 'start':
      p.resolve('quit');
      break;
    case 'variable':
      p.reject(new InterruptedError());
      break;
  }
}
