import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from './atomic.js';
import { sha256 } from './hash.js';

/**
 * Content-addressed copies of file bytes (before and after each change), so rollback and
 * resume need no user-visible backup. Files are 0600: they may hold copies of .env files.
 */
export class BlobStore {
  constructor(private readonly dir: string) {}

  put(content: Buffer): string {
    const hash = sha256(content);
    const file = this.pathFor(hash);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeFileAtomicSync(file, content, 0o600);
    }
    return hash;
  }

  get(hash: string): Buffer {
    const file = this.pathFor(hash);
    const content = readFileSync(file);
    if (sha256(content) !== hash) {
      throw new Error(`stored copy ${file} is damaged (its hash does not match)`);
    }
    return content;
  }

  has(hash: string): boolean {
    return existsSync(this.pathFor(hash));
  }

  private pathFor(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), hash);
  }
}
