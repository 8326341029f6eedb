import type { z } from 'zod';
import { UserError } from '../engine/errors.js';
import type { FileOp } from '../engine/project-fs.js';
import { defineAction } from './types.js';

/**
 * Retire files the migration replaced: renamed to `<name>.old`, never deleted, and only when
 * the file that replaced it exists (and is another file). The step is one the user may skip.
 */
export const filesRetire = defineAction({
  type: 'files.retire',
  schema: (z) => z.strictObject({
    type: z.literal('files.retire'),
    files: z
      .array(z.strictObject({ path: z.string().min(1), replacedBy: z.string().min(1).describe('The file that does its job now') }))
      .min(1),
    suffix: z.string().min(1).default('.old'),
  }),
  describe: (spec) => `rename ${spec.files.map((f) => f.path).join(', ')} to *${spec.suffix} where replaced`,
  async plan(spec, ctx) {
    const ops: FileOp[] = [];
    for (const f of spec.files) {
      if (f.path === f.replacedBy) {
        ctx.log(`${f.path}: replaced in place by the migration; nothing to retire (the old content is in the backup)`);
        continue;
      }
      if (!(await ctx.fs.exists(f.path))) continue;
      if (!(await ctx.fs.exists(f.replacedBy))) {
        ctx.log(`${f.path} stays: ${f.replacedBy}, which replaces it, does not exist`);
        continue;
      }
      const to = `${f.path}${spec.suffix}`;
      if (await ctx.fs.exists(to)) throw new UserError(`${to} exists already, so ${f.path} cannot be retired to it`, 1, `move ${to} away, or skip this step`);
      ops.push({ kind: 'rename', from: f.path, to });
      ctx.log(`${f.path} → ${to} (replaced by ${f.replacedBy})`);
    }
    return ops;
  },
});
