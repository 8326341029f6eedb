import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../engine/errors.js';
import { StateStore, type SavedState } from '../engine/state.js';
import { workspaceFor } from '../engine/workspace.js';
import type { GlobalOptions } from './options.js';

// Kept apart from setup.ts so `status` and `unlock` load no YAML, schema or action code.

export function projectRoot(opts: GlobalOptions): string {
  const root = path.resolve(opts.cwd);
  if (!existsSync(root)) throw new UserError(`--cwd ${opts.cwd}: no such folder`, 64, 'pass the path of your project');
  if (!statSync(root).isDirectory()) throw new UserError(`--cwd ${opts.cwd}: not a folder`, 64, 'pass the path of your project folder');
  return root;
}

export function readSavedState(root: string): SavedState | null {
  const ws = workspaceFor(root);
  if (!StateStore.exists(ws.state)) return null;
  return new StateStore(ws.state).read();
}
