import path from 'node:path';
import type { z } from 'zod';
import { missingIgnoreLines, type IgnoreWant } from '../ci/ignore-file.js';
import { contextCopies, parseDockerfile } from '../audit/dockerfile.js';
import { loadDockerProject } from '../audit/docker-project.js';
import type { FileOp } from '../engine/project-fs.js';
import { decodeText, encodeRaw, NEW_FILE_STYLE } from './text-file.js';
import { defineAction } from './types.js';

/** What a new .dockerignore also leaves out: never wanted in an image, and cheap to send. */
const NEW_FILE_EXTRAS = ['.git', '.migrate-wizard', '**/.venv', '**/__pycache__', '**/*.pyc'];
const COMMENT = '# Env files hold secrets: keep them out of the build context (added by migrate-wizard)';

/**
 * Every build context that COPYs files gets a .dockerignore excluding env files: an existing
 * one (the Dockerfile's own `<Dockerfile>.dockerignore`, else the context's) gains only the
 * missing lines; a missing one is created. A file a Dockerfile COPYs by name (`.env.example`)
 * keeps a `!` exception, so no build breaks.
 */
export const dockerignoreExcludeEnv = defineAction({
  type: 'dockerignore.exclude-env',
  schema: (z) => z.strictObject({
    type: z.literal('dockerignore.exclude-env'),
    path: z.string().min(1).optional().describe('One Dockerfile whose build contexts to fix (default: every Dockerfile)'),
  }),
  describe: (spec) => `.dockerignore excludes env files (${spec.path ?? 'every build context'})`,
  async plan(spec, ctx) {
    const project = loadDockerProject(ctx.root);
    const infos = spec.path ? project.infos.filter((i) => i.rel === path.posix.normalize(spec.path!)) : project.infos;
    // ignore file → what it must ignore, and the sources COPYs name in that context.
    const targets = new Map<string, { ctxDir: string; envFiles: Set<string>; named: Set<string> }>();
    for (const info of infos) {
      const bytes = await ctx.fs.read(info.rel);
      if (!bytes) continue;
      const copies = parseDockerfile(bytes.toString('utf8')).stages.flatMap(contextCopies);
      if (!copies.length) continue;
      for (const ctxDir of info.contexts) {
        const specific = `${info.rel}.dockerignore`;
        const shared = path.posix.join(ctxDir || '.', '.dockerignore').replace(/^\.\//, '');
        const file = (await ctx.fs.exists(specific)) ? specific : shared;
        const t = targets.get(file) ?? { ctxDir, envFiles: new Set<string>(), named: new Set<string>() };
        targets.set(file, t);
        for (const e of project.envFiles) if (ctxDir === '' || e.startsWith(ctxDir + '/')) t.envFiles.add(ctxDir ? e.slice(ctxDir.length + 1) : e);
        for (const c of copies) for (const s of c.sources) t.named.add(s.replace(/^\.\//, '').replace(/\/$/, ''));
      }
    }
    const ops: FileOp[] = [];
    for (const [file, t] of targets) {
      const bytes = await ctx.fs.read(file);
      const decoded = bytes ? decodeText(file, bytes) : { raw: '', text: '', finalNewline: true, ...NEW_FILE_STYLE };
      const wants: IgnoreWant[] = [
        { pattern: '**/.env', path: '.env' },
        { pattern: '**/.env.*', path: '.env.local' },
        // Env files under other names (secrets.env, config/app.env) are named one by one.
        ...[...t.envFiles].filter((e) => !/(^|\/)\.env(\.|$)/.test(e)).map((e) => ({ pattern: `/${e}`, path: e })),
        ...(bytes ? [] : NEW_FILE_EXTRAS.filter((x) => ![...t.named].some((n) => n === x || n.startsWith(x + '/'))).map((x) => ({ pattern: x, path: x.replace(/^\*\*\//, '').replace('*', 'x'), dir: !x.includes('.py') }))),
        // A file a COPY names on purpose stays in the context.
        ...[...t.named].filter((n) => /(^|\/)\.env\.|\.env$/.test(n)).map((n) => ({ pattern: `!${n}`, path: n })),
      ];
      const add = missingIgnoreLines(decoded.text, wants);
      if (!add.length) continue;
      ctx.log(`${file}: adding ${add.join(', ')}`);
      const eol = decoded.eol;
      const block = [COMMENT, ...add].map((l) => l + eol).join('');
      const text = decoded.raw === '' ? block : decoded.raw + (decoded.finalNewline ? eol : eol + eol) + block;
      ops.push({ kind: 'write', path: file, content: encodeRaw(text, decoded.bom) });
    }
    return ops;
  },
});
