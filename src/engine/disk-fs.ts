import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { UserError } from './errors.js';
import { resolveInside } from './paths.js';
import type { FileInfo, ProjectFs } from './project-fs.js';

/**
 * The project as it is on disk (read-only view). The calls are synchronous underneath: project
 * files are small and local, and a run asks hundreds of questions, each of which would
 * otherwise wait for a thread-pool round trip.
 */
export class DiskProjectFs implements ProjectFs {
  constructor(readonly root: string) {}

  async exists(rel: string): Promise<boolean> {
    return (await this.stat(rel)) !== null;
  }

  async stat(rel: string): Promise<FileInfo | null> {
    const st = this.statOf(rel, resolveInside(this.root, rel));
    if (!st || st.isDirectory()) return null;
    return { size: st.size, mode: st.mode & 0o777 };
  }

  async read(rel: string): Promise<Buffer | null> {
    const abs = resolveInside(this.root, rel);
    const st = this.statOf(rel, abs);
    if (!st) return null;
    if (st.isDirectory()) throw new UserError(`${rel} is a folder, not a file`);
    // A FIFO or device would block the read forever.
    if (!st.isFile()) throw new UserError(`${rel} is not a regular file`, 64, 'replace it with a file');
    try {
      return readFileSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      if (code === 'EACCES') throw new UserError(`${rel}: permission denied while reading`, 64, `check the file's permissions`);
      throw err;
    }
  }

  async list(relDir: string): Promise<string[]> {
    return this.entries(relDir).filter((e) => e.isFile()).map((e) => e.name).sort();
  }

  async folders(relDir: string): Promise<string[]> {
    return this.entries(relDir).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  }

  private statOf(rel: string, abs: string) {
    try {
      return statSync(abs, { throwIfNoEntry: false }) ?? null;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') return null;
      if (code === 'EACCES') throw new UserError(`${rel}: permission denied`, 64, `check the permissions of its folders`);
      throw err;
    }
  }

  private entries(relDir: string): Dirent[] {
    const abs = relDir === '.' || relDir === '' ? this.root : resolveInside(this.root, relDir);
    try {
      return readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') return [];
      throw err;
    }
  }
}
