import type { z } from 'zod';
import { defineCheck, failed, passed } from './types.js';

export const fileAbsent = defineCheck({
  type: 'file.absent',
  schema: (z) => z.strictObject({
    type: z.literal('file.absent'),
    path: z.string().min(1).describe('File that must not exist, relative to the project root'),
  }),
  describe: (spec) => `${spec.path} does not exist`,
  async run(spec, ctx) {
    return (await ctx.fs.exists(spec.path)) ? failed(`${spec.path} exists but should not`) : passed(`${spec.path} does not exist`);
  },
});
