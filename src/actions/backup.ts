import { createHash } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import { UserError } from '../engine/errors.js';
import type { FileOp, ProjectFs } from '../engine/project-fs.js';
import { defineAction } from './types.js';

export const DEFAULT_BACKUP_DIR = 'backups/pre-migration-{{date}}';

interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
  /** Octal permission bits, e.g. "0644". */
  mode: string;
}

/**
 * Byte copies of files into a dated folder, plus manifest.json (path, size, sha256, mode; never content).
 * A copy already in the folder is never overwritten: it is the older, "pre-migration" one.
 */
export const backup = defineAction({
  type: 'backup',
  schema: (z) => z.strictObject({
    type: z.literal('backup'),
    paths: z
      .array(z.string().min(1))
      .min(1)
      .describe('Files to back up, relative to the project root (a folder backs up the files directly inside it)'),
    dir: z
      .string()
      .min(1)
      .optional()
      .describe(`Backup folder; {{date}} becomes YYYYMMDD (UTC). Default: ${DEFAULT_BACKUP_DIR}`),
    optional: z
      .boolean()
      .optional()
      .describe('Skip missing paths with a log line (default true); false makes a missing path an error'),
  }),
  replayablePlan: true,
  describe: (spec) => `back up ${spec.paths.join(', ')} to ${spec.dir ?? DEFAULT_BACKUP_DIR}/`,
  async plan(spec, ctx) {
    const dir = backupDir(spec.dir, ctx.now());
    const optional = spec.optional ?? true;
    const sources = await expandPaths(ctx.fs, spec.paths, dir);

    const ops: FileOp[] = [];
    const entries = new Map<string, ManifestEntry>(
      (await readManifest(ctx.fs, dir)).map((entry) => [entry.path, entry]),
    );
    for (const source of sources) {
      const target = `${dir}/${source}`;
      const existingCopy = await ctx.fs.read(target);
      const content = await ctx.fs.read(source);
      const info = await ctx.fs.stat(source);
      if (existingCopy) {
        const copyInfo = await ctx.fs.stat(target);
        if (content && !existingCopy.equals(content)) {
          ctx.log(`backup: ${target} already exists and differs from ${source}; keeping the earlier copy`, 'warn');
        }
        entries.set(source, entryFor(source, existingCopy, copyInfo?.mode ?? 0o644));
        continue;
      }
      if (!content || !info) {
        if (!optional) {
          throw new UserError(`${source}: cannot back up, the file does not exist`, 64, `create ${source}, or set optional: true to skip missing files`);
        }
        ctx.log(`backup: ${source} does not exist; skipped`);
        continue;
      }
      ops.push({ kind: 'write', path: target, content, mode: info.mode });
      entries.set(source, entryFor(source, content, info.mode));
    }

    // Drop manifest entries whose copy is gone, so the manifest describes the folder as it is.
    for (const [source] of entries) {
      if (!sources.includes(source) && !(await ctx.fs.exists(`${dir}/${source}`))) entries.delete(source);
    }
    const manifestPath = `${dir}/manifest.json`;
    const manifest = renderManifest([...entries.values()]);
    const currentManifest = await ctx.fs.read(manifestPath);
    if (entries.size > 0 && !(currentManifest && currentManifest.equals(manifest))) {
      ops.push({ kind: 'write', path: manifestPath, content: manifest });
    }
    return ops;
  },
});

/** The backup folder for this run, with {{date}} as YYYYMMDD in UTC. */
export function backupDir(dir: string | undefined, now: Date): string {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '');
  const resolved = (dir ?? DEFAULT_BACKUP_DIR).replaceAll('{{date}}', date);
  return path.posix.normalize(resolved.replaceAll('\\', '/')).replace(/\/+$/, '');
}

/** Requested paths as files: folders become their direct files; nothing inside the backup folder. */
async function expandPaths(fs: ProjectFs, paths: string[], dir: string): Promise<string[]> {
  const out: string[] = [];
  const inBackup = (p: string) => p === dir || p.startsWith(`${dir}/`);
  for (const raw of paths) {
    const p = path.posix.normalize(raw.replaceAll('\\', '/')).replace(/\/+$/, '');
    if (inBackup(p)) continue;
    const children = (await fs.stat(p)) ? [] : await fs.list(p);
    const files = children.length > 0 ? children.map((name) => `${p}/${name}`) : [p];
    for (const file of files) if (!inBackup(file) && !out.includes(file)) out.push(file);
  }
  return out;
}

function entryFor(source: string, content: Buffer, mode: number): ManifestEntry {
  return {
    path: source,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    mode: mode.toString(8).padStart(4, '0'),
  };
}

/** Pretty JSON with a fixed key order and entries sorted by path, so equal backups give equal bytes. */
function renderManifest(entries: ManifestEntry[]): Buffer {
  const files = [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => ({ path: e.path, size: e.size, sha256: e.sha256, mode: e.mode }));
  return Buffer.from(`${JSON.stringify({ files }, null, 2)}\n`, 'utf8');
}

async function readManifest(fs: ProjectFs, dir: string): Promise<ManifestEntry[]> {
  const bytes = await fs.read(`${dir}/manifest.json`);
  if (!bytes) return [];
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { files?: unknown };
    return Array.isArray(parsed.files) ? (parsed.files as ManifestEntry[]).filter((e) => typeof e?.path === 'string') : [];
  } catch {
    return []; // an unreadable manifest is rebuilt from the copies
  }
}
