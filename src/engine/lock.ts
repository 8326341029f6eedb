import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import { LockedError } from './errors.js';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Unreadable or torn lock: treat as held by an unknown process.
    return { pid: 0, host: 'unknown', startedAt: 'unknown', command: 'unknown' };
  }
}

/**
 * Take `.migrate-wizard/lock` (O_EXCL). A lock held by a dead process on this host is
 * stale and taken over; `onStale` says so. Anything else is refused with the holder's details.
 */
export function acquireLock(file: string, command: string, onStale: (info: LockInfo) => void): () => void {
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(mine) + '\n');
      fsyncSync(fd);
      closeSync(fd);
      return () => releaseLock(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(file);
      if (holder && holder.host === os.hostname() && holder.pid > 0 && !processAlive(holder.pid)) {
        onStale(holder);
        rmSync(file, { force: true });
        continue;
      }
      const who = holder
        ? `pid ${holder.pid} on ${holder.host}, running \`${holder.command}\` since ${holder.startedAt}`
        : 'another process';
      throw new LockedError(
        `another migrate-wizard run holds the lock (${who})`,
        'wait for it to finish; if it is gone, run `migrate-wizard unlock`',
      );
    }
  }
  throw new LockedError('could not take the lock', 'run `migrate-wizard unlock` and try again');
}

function releaseLock(file: string): void {
  const holder = readLock(file);
  if (holder && holder.pid === process.pid) rmSync(file, { force: true });
}
