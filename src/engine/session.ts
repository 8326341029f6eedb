import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { BlobStore } from './blob-store.js';
import type { EngineEvent } from './events.js';
import { Journal } from './journal.js';
import { acquireLock, type LockInfo } from './lock.js';
import { Redactor } from './redact.js';
import { StateStore } from './state.js';
import { ensureWorkspace, workspaceFor, type Workspace } from './workspace.js';

export type EventSink = (event: EngineEvent) => void;

/**
 * An open `.migrate-wizard/`: lock held, journal open for append, state and store ready.
 * Every event passes through `emit`, which masks secrets and copies the line to the log file.
 */
export class Session {
  readonly ws: Workspace;
  readonly journal: Journal;
  readonly store: BlobStore;
  readonly state: StateStore;
  readonly redactor: Redactor;
  readonly logFile: string;
  private readonly log: WriteStream;
  private readonly release: () => void;

  private constructor(root: string, command: string, private readonly sink: EventSink, onStale: (info: LockInfo) => void) {
    this.ws = workspaceFor(root);
    // Refuse a damaged journal or state before creating anything.
    if (existsSync(this.ws.journal)) Journal.open(this.ws.journal, { write: false });
    if (StateStore.exists(this.ws.state)) new StateStore(this.ws.state);
    if (!existsSync(this.ws.dir)) mkdirSync(this.ws.dir, { mode: 0o700 });
    // The lock comes first: a refused run must not touch a folder another run is using.
    this.release = acquireLock(this.ws.lock, command, onStale);
    try {
      ensureWorkspace(this.ws);
      this.state = new StateStore(this.ws.state);
      this.journal = Journal.open(this.ws.journal, { write: true });
    } catch (err) {
      this.release();
      throw err;
    }
    this.store = new BlobStore(this.ws.store);
    this.redactor = new Redactor(root);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
    this.logFile = path.join(this.ws.logs, `${command}-${stamp}-${process.pid}.log`);
    this.log = createWriteStream(this.logFile, { flags: 'a', mode: 0o600 });
  }

  static open(root: string, command: string, sink: EventSink): Session {
    const stale: LockInfo[] = [];
    const session = new Session(root, command, sink, (info) => stale.push(info));
    for (const info of stale) {
      session.emit({
        type: 'log',
        level: 'warn',
        line: `took over a stale lock left by pid ${info.pid} (${info.command}, started ${info.startedAt}); that process is gone`,
      });
    }
    return session;
  }

  get root(): string {
    return this.ws.root;
  }

  emit(event: EngineEvent): void {
    const safe = event.type === 'log' ? { ...event, line: this.redactor.text(event.line) } : this.redactor.deep(event);
    this.log.write(logLine(safe) + '\n');
    this.sink(safe);
  }

  async close(): Promise<void> {
    this.journal.close();
    await new Promise<void>((resolve) => this.log.end(resolve));
    this.release();
  }
}

function logLine(e: EngineEvent): string {
  const at = new Date().toISOString();
  if (e.type === 'log') return `${at} ${e.stream ?? e.level} ${e.stepId ?? ''} ${e.line}`;
  return `${at} ${e.type} ${JSON.stringify(e)}`;
}
