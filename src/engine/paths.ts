import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.js';

export const STATE_DIR = '.migrate-wizard';

/**
 * Resolve a project-relative path, refusing anything that escapes the project:
 * absolute paths, `..` segments that climb out, symlinks (at any level) that point outside,
 * and the wizard's own state folder.
 */
export function resolveInside(root: string, relPath: string, where = 'path'): string {
  if (relPath.includes('\0')) throw new UserError(`${where} ${JSON.stringify(relPath)} contains a NUL byte`);
  if (path.isAbsolute(relPath) || /^[a-zA-Z]:[\\/]/.test(relPath)) {
    throw new UserError(`${where} "${relPath}" is absolute; migrate-wizard only touches files inside the project`, 64, 'use a path relative to the project root');
  }
  const abs = path.resolve(root, relPath);
  const rel = path.relative(root, abs);
  if (rel === '' ) throw new UserError(`${where} "${relPath}" is the project root itself, not a file`);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UserError(`${where} "${relPath}" escapes the project folder`, 64, 'use a path inside the project');
  }
  if (rel.split(path.sep)[0] === STATE_DIR) {
    throw new UserError(`${where} "${relPath}" is inside ${STATE_DIR}/, which only the wizard manages`);
  }
  // Follow symlinks on the deepest existing ancestor (or the file itself).
  const realRoot = realRootOf(root);
  let probe = abs;
  while (!existsSync(probe) && probe !== root) probe = path.dirname(probe);
  const realProbe = realpathSync.native(probe);
  const realRel = path.relative(realRoot, realProbe);
  if (realRel.startsWith('..') || path.isAbsolute(realRel)) {
    throw new UserError(`${where} "${relPath}" goes through a symlink that points outside the project (${realProbe})`, 64, 'replace the symlink or choose another path');
  }
  return abs;
}

// Every file access checks its path; the root's own real path is looked up once.
const realRoots = new Map<string, string>();
function realRootOf(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) realRoots.set(root, (real = realpathSync.native(root)));
  return real;
}

/** Normalise to a POSIX-style project-relative path for journals and messages. */
export function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}
