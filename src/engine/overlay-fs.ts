import path from 'node:path';
import { DiskProjectFs } from './disk-fs.js';
import type { FileInfo, FileOp, ProjectFs } from './project-fs.js';

type Entry = { content: Buffer; mode: number } | 'deleted';

/** The disk plus planned-but-unapplied changes, so `plan` can show a whole run without writing. */
export class OverlayProjectFs implements ProjectFs {
  private readonly changes = new Map<string, Entry>();
  private readonly disk: DiskProjectFs;

  constructor(readonly root: string) {
    this.disk = new DiskProjectFs(root);
  }

  private key(rel: string): string {
    return path.posix.normalize(rel.split(path.sep).join('/')).replace(/^\.\//, '');
  }

  async read(rel: string): Promise<Buffer | null> {
    const e = this.changes.get(this.key(rel));
    if (e === 'deleted') return null;
    if (e) return e.content;
    return this.disk.read(rel);
  }

  async stat(rel: string): Promise<FileInfo | null> {
    const e = this.changes.get(this.key(rel));
    if (e === 'deleted') return null;
    if (e) return { size: e.content.length, mode: e.mode };
    return this.disk.stat(rel);
  }

  async exists(rel: string): Promise<boolean> {
    return (await this.stat(rel)) !== null;
  }

  async list(relDir: string): Promise<string[]> {
    const dir = this.key(relDir === '' ? '.' : relDir);
    const names = new Set(await this.disk.list(relDir));
    for (const [p, e] of this.changes) {
      if (path.posix.dirname(p) !== dir) continue;
      if (e === 'deleted') names.delete(path.posix.basename(p));
      else names.add(path.posix.basename(p));
    }
    return [...names].sort();
  }

  async folders(relDir: string): Promise<string[]> {
    const dir = this.key(relDir === '' ? '.' : relDir);
    const names = new Set(await this.disk.folders(relDir));
    // A planned file in a folder that does not exist yet brings the folder with it.
    for (const [p, e] of this.changes) {
      if (e === 'deleted') continue;
      const rest = dir === '.' ? p : p.startsWith(`${dir}/`) ? p.slice(dir.length + 1) : null;
      if (rest && rest.includes('/')) names.add(rest.slice(0, rest.indexOf('/')));
    }
    return [...names].sort();
  }

  async apply(op: FileOp): Promise<void> {
    if (op.kind === 'write') {
      const mode = op.mode ?? (await this.stat(op.path))?.mode ?? 0o644;
      this.changes.set(this.key(op.path), { content: op.content, mode });
    } else {
      const content = await this.read(op.from);
      const info = await this.stat(op.from);
      if (!content || !info) return;
      this.changes.set(this.key(op.from), 'deleted');
      this.changes.set(this.key(op.to), { content, mode: info.mode });
    }
  }
}
