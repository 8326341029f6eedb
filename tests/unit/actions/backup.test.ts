import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backup } from '../../../src/actions/backup.js';
import { UserError } from '../../../src/engine/errors.js';
import type { FileOp } from '../../../src/engine/project-fs.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const spec = (extra: Record<string, unknown>) => backup.schema.parse({ type: 'backup', ...extra });
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

function apply(root: string, ops: FileOp[]) {
  for (const op of ops) {
    if (op.kind !== 'write') throw new Error('backup only writes');
    const abs = path.join(root, op.path);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, op.content);
    chmodSync(abs, op.mode ?? 0o644);
  }
}

function seed(root: string) {
  writeFileSync(path.join(root, 'docker-compose.yml'), 'services: {}\n');
  writeFileSync(path.join(root, '.env'), 'SECRET=canary-123\n');
  chmodSync(path.join(root, '.env'), 0o600);
}

describe('backup', () => {
  it('copies each file under backups/pre-migration-YYYYMMDD/ with its mode, plus a manifest of hashes', async () => {
    const root = tempProject();
    seed(root);
    const ops = await backup.plan!(spec({ paths: ['docker-compose.yml', '.env', 'Makefile'] }), contextFor(root));
    const dir = 'backups/pre-migration-20261121';
    expect(ops.map((o) => o.kind === 'write' && [o.path, o.mode])).toEqual([
      [`${dir}/docker-compose.yml`, 0o644],
      [`${dir}/.env`, 0o600],
      [`${dir}/manifest.json`, undefined],
    ]);
    const manifestOp = ops[2];
    if (manifestOp.kind !== 'write') throw new Error();
    const text = manifestOp.content.toString();
    expect(JSON.parse(text)).toEqual({
      files: [
        { path: '.env', size: 18, sha256: sha('SECRET=canary-123\n'), mode: '0600' },
        { path: 'docker-compose.yml', size: 13, sha256: sha('services: {}\n'), mode: '0644' },
      ],
    });
    // hashes and sizes only, never content
    expect(text).not.toContain('canary-123');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('logs a skipped missing path by default, and refuses it with optional: false', async () => {
    const root = tempProject();
    seed(root);
    const ctx = contextFor(root);
    await backup.plan!(spec({ paths: ['Makefile', '.env'] }), ctx);
    expect(ctx.lines.join('\n')).toMatch(/Makefile does not exist; skipped/);
    const err = await backup.plan!(spec({ paths: ['Makefile'], optional: false }), contextFor(root)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain('Makefile');
  });

  it('is idempotent: after applying, a second plan returns []', async () => {
    const root = tempProject();
    seed(root);
    const s = spec({ paths: ['docker-compose.yml', '.env'] });
    apply(root, await backup.plan!(s, contextFor(root)));
    expect(await backup.plan!(s, contextFor(root))).toEqual([]);
  });

  it('never overwrites an earlier copy, even when the source changed since', async () => {
    const root = tempProject();
    seed(root);
    const s = spec({ paths: ['docker-compose.yml', '.env'] });
    apply(root, await backup.plan!(s, contextFor(root)));
    writeFileSync(path.join(root, 'docker-compose.yml'), 'services: {changed: true}\n');
    const ctx = contextFor(root);
    expect(await backup.plan!(s, ctx)).toEqual([]);
    expect(ctx.lines.join('\n')).toMatch(/keeping the earlier copy/);
  });

  it('keeps a manifest entry for a backed-up file that was renamed away later', async () => {
    const root = tempProject();
    seed(root);
    const s = spec({ paths: ['docker-compose.yml', '.env'] });
    apply(root, await backup.plan!(s, contextFor(root)));
    // a later step renames .env → .env.dev; re-planning the backup must not drop .env from the manifest
    const { renameSync } = await import('node:fs');
    renameSync(path.join(root, '.env'), path.join(root, '.env.dev'));
    expect(await backup.plan!(s, contextFor(root))).toEqual([]);
  });

  it('uses a custom dir with {{date}}, and never backs up files inside the backup folder', async () => {
    const root = tempProject();
    mkdirSync(path.join(root, 'conf/bak-20261121'), { recursive: true });
    writeFileSync(path.join(root, 'conf/a.conf'), 'a');
    writeFileSync(path.join(root, 'conf/bak-20261121/old'), 'old');
    const ops = await backup.plan!(
      spec({ paths: ['conf', 'conf/bak-20261121/old', 'conf/bak-{{date}}'], dir: 'conf/bak-{{date}}' }),
      contextFor(root),
    );
    expect(ops.map((o) => o.kind === 'write' && o.path)).toEqual(['conf/bak-20261121/conf/a.conf', 'conf/bak-20261121/manifest.json']);
  });

  it('refuses a backup folder outside the project', async () => {
    const root = tempProject();
    seed(root);
    await expect(backup.plan!(spec({ paths: ['.env'], dir: '../elsewhere' }), contextFor(root))).rejects.toThrow(/escapes the project/);
  });

  it('plans nothing when every path is missing', async () => {
    const root = tempProject();
    expect(await backup.plan!(spec({ paths: ['a', 'b'] }), contextFor(root))).toEqual([]);
  });
});
