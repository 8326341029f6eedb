import { promises as fsp } from 'node:fs';
import type { z } from 'zod';
import { buildComposeModel, loadParsed } from '../compose/model.js';
import { missingBindSources, type BindDefect } from '../compose/parallel-safety.js';
import { loadProjectEnv } from '../compose/project-env.js';
import { UserError } from '../engine/errors.js';
import { resolveInside } from '../engine/paths.js';
import { defineCheck, failed, passed } from './types.js';

/**
 * Bind mounts whose host source is a missing *file* fail (Docker would create a directory there,
 * e.g. after `.env` was renamed but `./.env:/app/.env` was not). Missing data folders are noted.
 */
export const composeBindSourcesExist = defineCheck({
  type: 'compose.bind-sources-exist',
  schema: (z) => z.strictObject({
    type: z.literal('compose.bind-sources-exist'),
    file: z.string().min(1),
    envFiles: z.array(z.string().min(1)).default([]).describe('Env files for interpolating bind sources'),
  }),
  describe: (spec) => `bind-mount sources in ${spec.file} exist`,
  async run(spec, ctx) {
    let defects;
    try {
      const { env } = await loadProjectEnv(ctx.fs, spec.envFiles);
      const model = await buildComposeModel(await loadParsed(ctx.fs, spec.file), ctx.fs, { env });
      defects = await missingBindSources(model, async (rel) => {
        if (await ctx.fs.exists(rel)) return true;
        try {
          await fsp.stat(resolveInside(ctx.root, rel, 'bind source'));
          return true; // a folder
        } catch {
          return false;
        }
      });
    } catch (err) {
      if (err instanceof UserError) return failed(err.message);
      throw err;
    }
    const bad = defects.filter((d) => d.fileLike);
    const notes = folderNotes(spec.file, defects.filter((d) => !d.fileLike));
    if (bad.length > 0) {
      return failed(`${bad.map((d) => d.message).join('\n')}\nrestore the file or point the mount at its new name${notes.length ? '\n' + notes.join('\n') : ''}`);
    }
    return passed(`every bind-mounted file in ${spec.file} exists${notes.length ? '\n' + notes.join('\n') : ''}`);
  },
});

/** One note per missing folder, naming the services that mount it (sentry mounts ./sentry in 20). */
function folderNotes(file: string, missing: BindDefect[]): string[] {
  const bySource = new Map<string, string[]>();
  for (const d of missing) bySource.set(d.source, [...new Set([...(bySource.get(d.source) ?? []), d.service])]);
  return [...bySource].map(([source, services]) => {
    const shown = services.length > 3 ? `${services.slice(0, 3).join(', ')} and ${services.length - 3} more` : services.join(', ');
    return `  note: ${file}: bind mount folder ./${source} does not exist yet (service${services.length > 1 ? 's' : ''} ${shown}); Docker will create it`;
  });
}
