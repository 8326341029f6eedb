import type { z } from 'zod';
import { renderProcedure, type BackupCopy } from '../ci/rollback-procedure.js';
import { STATE_DIR } from '../engine/paths.js';
import { backupDir } from './backup.js';
import { defineAction } from './types.js';

/**
 * ROLLBACK_PROCEDURE.md from the journal (ctx.appliedChanges): every file created, changed
 * and renamed, the commands that restore each by hand, and `migrate-wizard rollback`.
 */
export const docsRollbackProcedure = defineAction({
  type: 'docs.rollback-procedure',
  schema: (z) => z.strictObject({
    type: z.literal('docs.rollback-procedure'),
    path: z.string().min(1).default('ROLLBACK_PROCEDURE.md'),
    backupDir: z.string().min(1).optional().describe('The backup folder written by the backup step ({{date}} as YYYYMMDD)'),
    tool: z.string().min(1).default('npx migrate-wizard').describe('How the user starts the wizard'),
  }),
  describe: (spec) => `write ${spec.path} from the journal`,
  async plan(spec, ctx) {
    const changes = ctx.appliedChanges?.() ?? [];
    if (changes.length === 0) ctx.log(`${spec.path}: the journal has no applied changes yet (a preview shows an empty list)`);
    // The backup folder is the one the journal shows being created (its date may not be today's).
    const fromJournal = changes.find((c) => c.kind === 'create' && /(^|\/)manifest\.json$/.test(c.path) && /pre-migration/.test(c.path))?.path.replace(/\/manifest\.json$/, '');
    const dir = fromJournal ?? (spec.backupDir ? backupDir(spec.backupDir, ctx.now()) : undefined);
    const backups = new Map<string, BackupCopy>();
    let createdBackup = false;
    if (dir) {
      createdBackup = changes.some((c) => c.kind === 'create' && c.path.startsWith(`${dir}/`));
      const manifest = await ctx.fs.read(`${dir}/manifest.json`);
      if (manifest) {
        try {
          for (const f of (JSON.parse(manifest.toString('utf8')) as { files?: { path: string; sha256: string }[] }).files ?? []) {
            backups.set(f.path, { copy: `${dir}/${f.path}`, sha256: f.sha256 });
          }
        } catch {
          ctx.log(`${dir}/manifest.json is not valid JSON: originals come from the wizard's byte store`, 'warn');
        }
      }
    }
    const selfCreated = changes.some((c) => c.path === spec.path && c.kind === 'create');
    const selfExisted = !selfCreated && (await ctx.fs.exists(spec.path));
    const modes = new Map<string, number>();
    for (const c of changes) {
      const info = await ctx.fs.stat(c.path);
      if (info) modes.set(c.path, info.mode & 0o777);
    }
    const text = renderProcedure({
      changes,
      self: spec.path,
      selfExisted,
      backups,
      backupDir: createdBackup ? dir : undefined,
      modeOf: (p) => modes.get(p),
      storeDir: `${STATE_DIR}/store`,
      tool: spec.tool,
    });
    const content = Buffer.from(text, 'utf8');
    const current = await ctx.fs.read(spec.path);
    if (current && current.equals(content)) return [];
    return [{ kind: 'write', path: spec.path, content }];
  },
});
