import type { z } from 'zod';
import { defineCheck, failed, passed } from './types.js';

export const fileExists = defineCheck({
  type: 'file.exists',
  schema: (z) => z.strictObject({
    type: z.literal('file.exists'),
    path: z.string().min(1),
  }),
  describe: (spec) => `${spec.path} exists`,
  async run(spec, ctx) {
    return (await ctx.fs.exists(spec.path)) ? passed(`${spec.path} exists`) : failed(`${spec.path} does not exist`);
  },
});
