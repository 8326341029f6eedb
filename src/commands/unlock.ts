import { rmSync } from 'node:fs';
import { readLock } from '../engine/lock.js';
import { workspaceFor } from '../engine/workspace.js';
import type { CommandIO, GlobalOptions } from './options.js';
import { projectRoot } from './project.js';

/** `unlock`: remove the lock by hand (after a crash on another host, say). */
export async function unlockCommand(opts: GlobalOptions, io: CommandIO): Promise<number> {
  const ws = workspaceFor(projectRoot(opts));
  const lock = readLock(ws.lock);
  if (!lock) {
    io.stderr.write('No lock to remove.\n');
    return 0;
  }
  rmSync(ws.lock, { force: true });
  io.stderr.write(`Removed the lock held by pid ${lock.pid} on ${lock.host} (${lock.command}, since ${lock.startedAt}).\n`);
  return 0;
}
