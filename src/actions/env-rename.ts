import path from 'node:path';
import type { z } from 'zod';
import { findReferences, rewriteReferences } from '../compose/references.js';
import { UserError } from '../engine/errors.js';
import type { FileOp } from '../engine/project-fs.js';
import { defineAction } from './types.js';

/**
 * Rename an env file (content untouched) and make every reference follow: compose env_file and
 * bind mounts, Makefiles, shell scripts, CI workflows. Docs, Dockerfiles and anything not safe to
 * rewrite are logged with file:line:col instead. Ignore files that ignored the old name get the
 * new names too, so the secrets stay out of git.
 */
export const envRename = defineAction({
  type: 'env.rename',
  schema: (z) => z.strictObject({
    type: z.literal('env.rename'),
    from: z.string().min(1).default('.env'),
    to: z.string().min(1).default('.env.dev'),
    alsoIgnore: z.array(z.string().min(1)).default(['.env.test']).describe('Other env files to add to ignore files that ignored the old name'),
  }),
  replayablePlan: true,
  describe: (spec) => `rename ${spec.from} → ${spec.to} and rewrite references`,
  async plan(spec, ctx) {
    if (path.posix.dirname(spec.from) !== path.posix.dirname(spec.to)) {
      throw new UserError(`${spec.to}: env.rename keeps the file in its folder (${path.posix.dirname(spec.from)})`, 64, 'use a name in the same folder');
    }
    const ops: FileOp[] = [];
    const [fromExists, toExists] = await Promise.all([ctx.fs.exists(spec.from), ctx.fs.exists(spec.to)]);
    if (fromExists && toExists) {
      throw new UserError(`${spec.to} already exists, and so does ${spec.from}`, 64, `merge them by hand, or move ${spec.to} aside`);
    }
    if (fromExists) ops.push({ kind: 'rename', from: spec.from, to: spec.to });
    else if (!toExists) ctx.log(`${spec.from} does not exist (nothing to rename); references to it are still updated`, 'warn');

    const refs = await findReferences(ctx.fs, spec.from);
    const byFile = new Map<string, typeof refs>();
    for (const r of refs) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
    for (const [file, list] of byFile) {
      for (const r of list.filter((x) => !x.rewritable)) ctx.log(`${r.file}:${r.line}:${r.col}: not rewritten (${r.reason}): ${r.text}`, 'warn');
      const rewritable = list.filter((x) => x.rewritable);
      if (rewritable.length === 0) continue;
      const buf = (await ctx.fs.read(file))!;
      const next = rewriteReferences(buf.toString('utf8'), rewritable, spec.to);
      for (const r of rewritable) ctx.log(`${r.file}:${r.line}:${r.col}: ${r.token} → ${spec.to} (${r.reason})`);
      ops.push({ kind: 'write', path: file, content: Buffer.from(next, 'utf8') });
    }
    for (const ignoreFile of ['.gitignore', '.dockerignore']) {
      const op = await ignoreOp(ctx, ignoreFile, spec.from, [spec.to, ...spec.alsoIgnore]);
      if (op) {
        ctx.log(`${ignoreFile}: added ${spec.to} and ${spec.alsoIgnore.join(', ')} (it ignored ${spec.from})`);
        ops.push(op);
      }
    }
    return ops;
  },
});

async function ignoreOp(ctx: { fs: { read(p: string): Promise<Buffer | null> } }, file: string, from: string, names: string[]): Promise<FileOp | null> {
  const buf = await ctx.fs.read(file);
  if (!buf) return null;
  const text = buf.toString('utf8');
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const base = path.posix.basename(from);
  const ignoresOld = lines.some((l) => l === base || l === `/${from}` || l === from);
  if (!ignoresOld) return null;
  // A wildcard such as `.env*` or `.env.*` already covers the new names.
  const covered = (n: string) => lines.some((l) => l === n || l === `/${n}` || (l.includes('*') && globMatch(l.replace(/^\//, ''), n)));
  const missing = names.filter((n) => !covered(path.posix.basename(n)) && !covered(n));
  if (missing.length === 0) return null;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const sep = text === '' || text.endsWith('\n') ? '' : eol;
  return { kind: 'write', path: file, content: Buffer.from(text + sep + missing.map((n) => n + eol).join(''), 'utf8') };
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
  return re.test(name);
}
