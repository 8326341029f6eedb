import { chmodSync, closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Where a file's new content is staged before the rename. Derivable, so recovery can clean it up. */
export function tempPathFor(absPath: string): string {
  return path.join(path.dirname(absPath), `.${path.basename(absPath)}.migrate-wizard-tmp`);
}

export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function writeAllSync(fd: number, content: Buffer): void {
  let offset = 0;
  while (offset < content.length) offset += writeSync(fd, content, offset, content.length - offset);
}

/** Temp file, fsync, exact mode, rename: a reader sees the old bytes or the new, never half. */
export function writeFileAtomicSync(absPath: string, content: Buffer, mode: number): void {
  const tmp = tempPathFor(absPath);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeAllSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, mode); // open()'s mode is filtered by umask; set it exactly
  renameAndSync(tmp, absPath);
}

export function renameAndSync(from: string, to: string): void {
  renameSync(from, to);
  fsyncDir(path.dirname(to));
  if (path.dirname(from) !== path.dirname(to)) fsyncDir(path.dirname(from));
}
