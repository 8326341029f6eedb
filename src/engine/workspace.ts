import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { STATE_DIR } from './paths.js';

/** Paths inside `.migrate-wizard/`. */
export interface Workspace {
  root: string;
  dir: string;
  journal: string;
  state: string;
  lock: string;
  store: string;
  logs: string;
}

export function workspaceFor(root: string): Workspace {
  const dir = path.join(root, STATE_DIR);
  return {
    root,
    dir,
    journal: path.join(dir, 'journal.ndjson'),
    state: path.join(dir, 'state.json'),
    lock: path.join(dir, 'lock'),
    store: path.join(dir, 'store'),
    logs: path.join(dir, 'logs'),
  };
}

/** Create the folder on first write: private, and ignored by git on its own. */
export function ensureWorkspace(ws: Workspace): void {
  if (!existsSync(ws.dir)) mkdirSync(ws.dir, { mode: 0o700 });
  chmodSync(ws.dir, 0o700);
  const ignore = path.join(ws.dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# Created by migrate-wizard: its state, journal and byte copies stay out of git.\n*\n', { mode: 0o600 });
  for (const sub of [ws.store, ws.logs]) if (!existsSync(sub)) mkdirSync(sub, { mode: 0o700 });
}
