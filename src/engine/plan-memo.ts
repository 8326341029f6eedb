/**
 * Plans made before a step runs (preflight, or the preview a user confirmed), kept so the step
 * applies exactly that plan instead of computing it again. A plan is reused only for actions
 * that read the project through ctx.fs alone, and only when every read it made gives the same
 * answer on the disk now; otherwise the action plans afresh.
 */
import { createHash } from 'node:crypto';
import type { FileInfo, FileOp, ProjectFs } from './project-fs.js';

type Level = 'info' | 'warn' | 'error';

/** One question the plan asked of the project, and a fingerprint of the answer. */
interface Read {
  call: 'read' | 'stat' | 'exists' | 'list' | 'folders';
  path: string;
  answer: string;
}

export interface RecordedPlan {
  ops: FileOp[];
  /** Lines the plan logged, replayed when the plan is reused. */
  logs: { line: string; level: Level }[];
}

interface Entry extends RecordedPlan {
  reads: Read[];
}

const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');
const fingerprint = {
  read: (b: Buffer | null) => (b === null ? '-' : sha256(b)),
  stat: (i: FileInfo | null) => (i === null ? '-' : `${i.size}:${i.mode}`),
  exists: (e: boolean) => String(e),
  names: (n: string[]) => n.join('\0'),
};

/** A ProjectFs that notes every question asked of it. */
export class RecordingProjectFs implements ProjectFs {
  readonly reads: Read[] = [];
  constructor(private readonly inner: ProjectFs) {}

  get root(): string {
    return this.inner.root;
  }

  async read(p: string): Promise<Buffer | null> {
    const b = await this.inner.read(p);
    this.reads.push({ call: 'read', path: p, answer: fingerprint.read(b) });
    return b;
  }

  async stat(p: string): Promise<FileInfo | null> {
    const i = await this.inner.stat(p);
    this.reads.push({ call: 'stat', path: p, answer: fingerprint.stat(i) });
    return i;
  }

  async exists(p: string): Promise<boolean> {
    const e = await this.inner.exists(p);
    this.reads.push({ call: 'exists', path: p, answer: fingerprint.exists(e) });
    return e;
  }

  async list(p: string): Promise<string[]> {
    const n = await this.inner.list(p);
    this.reads.push({ call: 'list', path: p, answer: fingerprint.names(n) });
    return n;
  }

  async folders(p: string): Promise<string[]> {
    const n = await this.inner.folders(p);
    this.reads.push({ call: 'folders', path: p, answer: fingerprint.names(n) });
    return n;
  }
}

async function answerNow(fs: ProjectFs, r: Read): Promise<string> {
  switch (r.call) {
    case 'read':
      return fingerprint.read(await fs.read(r.path));
    case 'stat':
      return fingerprint.stat(await fs.stat(r.path));
    case 'exists':
      return fingerprint.exists(await fs.exists(r.path));
    case 'list':
      return fingerprint.names(await fs.list(r.path));
    case 'folders':
      return fingerprint.names(await fs.folders(r.path));
  }
}

const READ_BATCH = 32;

export class PlanMemo {
  private readonly entries = new Map<string, Entry>();

  private static key(stepId: string, action: number): string {
    return `${stepId}#${action}`;
  }

  record(stepId: string, action: number, reads: Read[], plan: RecordedPlan): void {
    this.entries.set(PlanMemo.key(stepId, action), { ...plan, reads: [...reads] });
  }

  /** The recorded plan if the project still answers every read the same way; used at most once. */
  async take(stepId: string, action: number, fs: ProjectFs): Promise<RecordedPlan | null> {
    const key = PlanMemo.key(stepId, action);
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    // Reads are independent questions: ask a batch at a time (a repository scan makes hundreds).
    for (let i = 0; i < entry.reads.length; i += READ_BATCH) {
      const batch = entry.reads.slice(i, i + READ_BATCH);
      const answers = await Promise.all(batch.map((r) => answerNow(fs, r)));
      if (answers.some((a, j) => a !== batch[j].answer)) return null;
    }
    return { ops: entry.ops, logs: entry.logs };
  }
}
