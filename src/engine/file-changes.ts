import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fsyncDir, renameAndSync, tempPathFor, writeFileAtomicSync } from './atomic.js';
import type { BlobStore } from './blob-store.js';
import { UserError } from './errors.js';
import { sha256 } from './hash.js';
import type { FileStateRef, JournalOp } from './journal-records.js';
import { resolveInside } from './paths.js';
import type { FileOp } from './project-fs.js';

/** What is on disk at a path now: null when absent. */
export function fileStateOf(root: string, rel: string): FileStateRef | null {
  const abs = resolveInside(root, rel);
  try {
    const st = lstatSync(abs);
    if (!st.isFile()) return { hash: `not-a-file:${st.isDirectory() ? 'dir' : 'other'}`, mode: st.mode & 0o777 };
    return { hash: sha256(readFileSync(abs)), mode: st.mode & 0o777 };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw err;
  }
}

function missingDirs(root: string, relFile: string): string[] {
  const dirs: string[] = [];
  let dir = path.posix.dirname(relFile);
  while (dir !== '.' && dir !== '/' && !existsSync(path.join(root, dir))) {
    dirs.unshift(dir);
    dir = path.posix.dirname(dir);
  }
  return dirs;
}

function refuseReadOnly(root: string, rel: string): void {
  const abs = resolveInside(root, rel);
  if (!existsSync(abs)) return;
  const st = statSync(abs);
  if (st.isDirectory()) throw new UserError(`${rel} is a folder; the step expects a file there`, 64, 'move the folder aside or change the playbook');
  // Root ignores permission bits, so check them ourselves: a read-only file is a user's "do not touch".
  if ((st.mode & 0o222) === 0) {
    throw new UserError(`${rel} is read-only; migrate-wizard will not change it`, 64, `if it should change, run: chmod u+w ${rel}`);
  }
}

/** Check that a planned op can be applied: paths inside the project, no read-only targets. */
export function vetOp(root: string, op: FileOp): void {
  if (op.kind === 'write') {
    resolveInside(root, op.path);
    refuseReadOnly(root, op.path);
  } else {
    resolveInside(root, op.from);
    resolveInside(root, op.to);
    refuseReadOnly(root, op.from);
  }
}

/** Turn a planned op into a journal entry, keeping before- and after-bytes in the store. */
export function prepareOp(root: string, op: FileOp, store: BlobStore): JournalOp {
  vetOp(root, op);
  if (op.kind === 'write') {
    const abs = resolveInside(root, op.path);
    const before = existsSync(abs) ? readFileSync(abs) : null;
    const beforeMode = before ? statSync(abs).mode & 0o777 : undefined;
    const beforeRef = before ? { hash: store.put(before), mode: beforeMode! } : null;
    const afterRef = { hash: store.put(op.content), mode: op.mode ?? beforeMode ?? 0o644 };
    return { kind: 'write', path: op.path, before: beforeRef, after: afterRef, createdDirs: missingDirs(root, op.path) };
  }
  const abs = resolveInside(root, op.from);
  const content = readFileSync(abs);
  const file = { hash: store.put(content), mode: statSync(abs).mode & 0o777 };
  if (existsSync(resolveInside(root, op.to))) throw new UserError(`${op.to} already exists; cannot rename ${op.from} onto it`, 64, `move ${op.to} aside first`);
  return { kind: 'rename', from: op.from, to: op.to, file, createdDirs: missingDirs(root, op.to) };
}

function mkdirs(root: string, dirs: string[]): void {
  for (const d of dirs) {
    const abs = resolveInside(root, d);
    if (!existsSync(abs)) {
      mkdirSync(abs, { mode: 0o755 });
      fsyncDir(path.dirname(abs));
    }
  }
}

export function removeEmptyDirs(root: string, dirs: string[]): void {
  for (const d of [...dirs].reverse()) {
    const abs = path.join(root, d);
    try {
      if (readdirSync(abs).length === 0) rmdirSync(abs);
    } catch {
      // already gone, or not empty: the user put something there, keep it
    }
  }
}

function removeTemp(root: string, rel: string): void {
  rmSync(tempPathFor(path.join(root, rel)), { force: true });
}

export function cleanupTemps(root: string, op: JournalOp): void {
  if (op.kind === 'write') removeTemp(root, op.path);
  else {
    removeTemp(root, op.from);
    removeTemp(root, op.to);
  }
}

/** Test-only crash hook: SIGKILL self between creating an op's folders and writing its file. */
const killAfterMkdir = process.env.MIGRATE_WIZARD_TEST_KILL_AT === 'after-mkdir';

export function applyOp(root: string, op: JournalOp, store: BlobStore): void {
  if (op.kind === 'write') {
    mkdirs(root, op.createdDirs);
    if (killAfterMkdir && op.createdDirs.length > 0) process.kill(process.pid, 'SIGKILL');
    writeFileAtomicSync(resolveInside(root, op.path), store.get(op.after.hash), op.after.mode);
  } else {
    mkdirs(root, op.createdDirs);
    renameAndSync(resolveInside(root, op.from), resolveInside(root, op.to));
  }
}

const same = (a: FileStateRef | null, b: FileStateRef | null): boolean =>
  a === null || b === null ? a === b : a.hash === b.hash;

/** Where an op stands on disk: not applied yet, applied, or neither (someone else changed the file). */
export function opState(root: string, op: JournalOp): 'before' | 'after' | 'drift' {
  if (op.kind === 'write') {
    const now = fileStateOf(root, op.path);
    if (same(now, op.after) && now?.mode === op.after.mode) return 'after';
    if (same(now, op.before)) return 'before';
    // Content written but mode not yet set cannot happen (mode is set before the rename); anything else is drift.
    return 'drift';
  }
  const from = fileStateOf(root, op.from);
  const to = fileStateOf(root, op.to);
  if (from === null && same(to, op.file)) return 'after';
  if (same(from, op.file) && to === null) return 'before';
  return 'drift';
}

export function describeDrift(root: string, op: JournalOp): string {
  if (op.kind === 'write') return `${op.path} was changed outside the wizard`;
  const from = fileStateOf(root, op.from);
  const to = fileStateOf(root, op.to);
  if (from && to) return `both ${op.from} and ${op.to} exist`;
  if (!from && !to) return `neither ${op.from} nor ${op.to} exists`;
  return `${to ? op.to : op.from} was changed outside the wizard`;
}

function freeName(root: string, rel: string): string {
  let candidate = `${rel}.user-edited`;
  for (let i = 2; existsSync(path.join(root, candidate)); i++) candidate = `${rel}.user-edited-${i}`;
  return candidate;
}

/**
 * Undo an applied op. With drift, refuse unless `force`; then the user's version is kept
 * beside the restored file, and its name returned.
 */
export function revertOp(root: string, op: JournalOp, store: BlobStore, force: boolean): { keptUserVersionAs?: string; alreadyRestored: boolean } {
  const state = opState(root, op);
  if (state === 'before') return { alreadyRestored: true };
  let kept: string | undefined;
  if (state === 'drift') {
    if (!force) throw new UserError(describeDrift(root, op), 4, 'pass --force to restore anyway (your version is kept beside it)');
    const userPath = op.kind === 'write' ? op.path : op.to;
    if (fileStateOf(root, userPath)) {
      kept = freeName(root, op.kind === 'write' ? op.path : op.from);
      renameAndSync(resolveInside(root, userPath), resolveInside(root, kept));
    }
  }
  if (op.kind === 'write') {
    const abs = resolveInside(root, op.path);
    if (op.before) {
      writeFileAtomicSync(abs, store.get(op.before.hash), op.before.mode);
    } else {
      rmSync(abs, { force: true });
      fsyncDir(path.dirname(abs));
      removeEmptyDirs(root, op.createdDirs);
    }
  } else {
    const fromAbs = resolveInside(root, op.from);
    if (state === 'drift') {
      mkdirs(root, missingDirs(root, op.from));
      writeFileAtomicSync(fromAbs, store.get(op.file.hash), op.file.mode);
      rmSync(resolveInside(root, op.to), { force: true });
    } else {
      mkdirs(root, missingDirs(root, op.from));
      renameAndSync(resolveInside(root, op.to), fromAbs);
    }
    removeEmptyDirs(root, op.createdDirs);
  }
  return kept ? { keptUserVersionAs: kept, alreadyRestored: false } : { alreadyRestored: false };
}
