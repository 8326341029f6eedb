import type { z } from 'zod';
import { UserError } from '../engine/errors.js';
import { defineAction } from './types.js';

export const fileRename = defineAction({
  type: 'file.rename',
  schema: (z) => z.strictObject({
    type: z.literal('file.rename'),
    from: z.string().min(1).describe('Existing file'),
    to: z.string().min(1).describe('New name; must not exist yet'),
  }),
  replayablePlan: true,
  describe: (spec) => `rename ${spec.from} → ${spec.to}`,
  async plan(spec, ctx) {
    const [fromExists, toExists] = await Promise.all([ctx.fs.exists(spec.from), ctx.fs.exists(spec.to)]);
    // Already renamed (a re-run, or a resumed run): nothing to do.
    if (!fromExists && toExists) return [];
    if (!fromExists) {
      throw new UserError(`${spec.from}: cannot rename, the file does not exist`, 64, `create ${spec.from} or remove this action`);
    }
    if (toExists) {
      throw new UserError(`${spec.to}: cannot rename ${spec.from} onto it, the file already exists`, 64, `move ${spec.to} aside first`);
    }
    return [{ kind: 'rename', from: spec.from, to: spec.to }];
  },
});
