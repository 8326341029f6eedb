import { closeSync, existsSync, fsyncSync, openSync, readFileSync, ftruncateSync } from 'node:fs';
import { writeAllSync } from './atomic.js';
import { UserError } from './errors.js';
import type { JournalRecord, JournalRecordInput } from './journal-records.js';

/** Records that must be on disk before going on: the intents before the change they announce, and an effect's outcome (it holds how to undo it). */
const WRITE_AHEAD: ReadonlySet<JournalRecord['kind']> = new Set(['action-begin', 'effect-begin', 'effect-end', 'revert-begin']);

/**
 * Append-only NDJSON. Every record is written before append() returns, so it survives the
 * process being killed. A write-ahead record (one that announces a change to the user's files
 * or a command) is also fsynced, which makes it and every record before it survive a power
 * loss; the others reach the disk with the next fsync or at close. A power loss can thus only
 * cut off a tail of records, which looks like a crash a moment earlier: recovery settles by hash.
 * A torn last line (crash mid-append) was never durable and is dropped on open.
 */
export class Journal {
  private records: JournalRecord[] = [];
  private fd: number | undefined;
  private appendedThisProcess = 0;
  private unsynced = false;
  /** Test-only crash hook: SIGKILL self right after record N of this process is written. */
  private readonly killAfter = Number(process.env.MIGRATE_WIZARD_TEST_KILL_AFTER_RECORD ?? 0) || 0;

  private constructor(readonly file: string) {}

  static open(file: string, { write }: { write: boolean }): Journal {
    const journal = new Journal(file);
    if (existsSync(file)) journal.load(write);
    if (write) journal.fd = openSync(file, 'a', 0o600);
    return journal;
  }

  private load(repair: boolean): void {
    const raw = readFileSync(this.file);
    const text = raw.toString('utf8');
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    if (tail !== '' && repair) {
      // Drop the torn final line so the next append starts on a clean line.
      const fd = openSync(this.file, 'r+');
      try {
        ftruncateSync(fd, raw.length - Buffer.byteLength(tail));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    lines.forEach((line, i) => {
      if (line === '') return;
      try {
        this.records.push(JSON.parse(line) as JournalRecord);
      } catch {
        throw new UserError(
          `${this.file}:${i + 1}: the journal is damaged (this line is not a complete record)`,
          64,
          'the wizard will not guess; restore the file from a copy, or move .migrate-wizard/ aside to start over (your project files are untouched)',
        );
      }
    });
  }

  all(): readonly JournalRecord[] {
    return this.records;
  }

  append(input: JournalRecordInput): JournalRecord {
    if (this.fd === undefined) throw new Error('journal opened read-only');
    const last = this.records[this.records.length - 1];
    const record = { seq: (last?.seq ?? 0) + 1, at: new Date().toISOString(), ...input } as JournalRecord;
    writeAllSync(this.fd, Buffer.from(JSON.stringify(record) + '\n'));
    if (WRITE_AHEAD.has(record.kind)) this.sync();
    else this.unsynced = true;
    this.records.push(record);
    this.appendedThisProcess++;
    if (this.killAfter && this.appendedThisProcess === this.killAfter) process.kill(process.pid, 'SIGKILL');
    return record;
  }

  private sync(): void {
    fsyncSync(this.fd!);
    this.unsynced = false;
  }

  close(): void {
    if (this.fd !== undefined && this.unsynced) this.sync();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
