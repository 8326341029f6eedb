import type { z } from 'zod';
import { UserError } from '../engine/errors.js';
import { defineAction } from './types.js';

export const fileCopy = defineAction({
  type: 'file.copy',
  schema: (z) => z.strictObject({
    type: z.literal('file.copy'),
    from: z.string().min(1).describe('Existing file to copy, relative to the project root'),
    to: z.string().min(1).describe('Destination file; created or overwritten with the same bytes and mode'),
  }),
  replayablePlan: true,
  describe: (spec) => `copy ${spec.from} → ${spec.to}`,
  async plan(spec, ctx) {
    const content = await ctx.fs.read(spec.from);
    const info = await ctx.fs.stat(spec.from);
    if (!content || !info) {
      throw new UserError(`${spec.from}: cannot copy, the file does not exist`, 64, `create ${spec.from} or remove this action`);
    }
    const [current, currentInfo] = await Promise.all([ctx.fs.read(spec.to), ctx.fs.stat(spec.to)]);
    // Already copied (a re-run or a resume): nothing to do.
    if (current && current.equals(content) && currentInfo?.mode === info.mode) return [];
    return [{ kind: 'write', path: spec.to, content, mode: info.mode }];
  },
});
