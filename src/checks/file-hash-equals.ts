import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { defineCheck, failed, passed } from './types.js';

export const fileHashEquals = defineCheck({
  type: 'file.hash-equals',
  schema: (z) => z.strictObject({
    type: z.literal('file.hash-equals'),
    path: z.string().min(1).describe('File to hash, relative to the project root'),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'sha256 must be 64 hex digits')
      .describe('Expected SHA-256 of the file bytes, in hex'),
  }),
  describe: (spec) => `${spec.path} has sha256 ${spec.sha256.slice(0, 12)}…`,
  async run(spec, ctx) {
    const bytes = await ctx.fs.read(spec.path);
    if (!bytes) return failed(`${spec.path} does not exist`);
    const actual = createHash('sha256').update(bytes).digest('hex');
    return actual === spec.sha256.toLowerCase()
      ? passed(`${spec.path} has the expected sha256`)
      : failed(`${spec.path} has sha256 ${actual}, expected ${spec.sha256.toLowerCase()}`);
  },
});
