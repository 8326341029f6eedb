import { promises as fsp } from 'node:fs';
import { UserError } from './errors.js';
import { resolveInside } from './paths.js';
import type { FileInfo, ProjectFs } from './project-fs.js';

/** The project as it is on disk (read-only view). */
export class DiskProjectFs implements ProjectFs {
  constructor(readonly root: string) {}

  async exists(rel: string): Promise<boolean> {
    return (await this.stat(rel)) !== null;
  }

  async stat(rel: string): Promise<FileInfo | null> {
    const abs = resolveInside(this.root, rel);
    try {
      const st = await fsp.stat(abs);
      if (st.isDirectory()) return null;
      return { size: st.size, mode: st.mode & 0o777 };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw err;
    }
  }

  async read(rel: string): Promise<Buffer | null> {
    const abs = resolveInside(this.root, rel);
    try {
      return await fsp.readFile(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      if (code === 'EISDIR') throw new UserError(`${rel} is a folder, not a file`);
      if (code === 'EACCES') throw new UserError(`${rel}: permission denied while reading`, 64, `check the file's permissions`);
      throw err;
    }
  }

  async list(relDir: string): Promise<string[]> {
    return (await this.entries(relDir)).filter((e) => e.isFile()).map((e) => e.name).sort();
  }

  async folders(relDir: string): Promise<string[]> {
    return (await this.entries(relDir)).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  }

  private async entries(relDir: string): Promise<import('node:fs').Dirent[]> {
    const abs = relDir === '.' || relDir === '' ? this.root : resolveInside(this.root, relDir);
    try {
      return await fsp.readdir(abs, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') return [];
      throw err;
    }
  }
}
