import type { z } from 'zod';
import { parseEnvFile } from '../compose/env-file.js';
import { defineAction } from './types.js';

/**
 * Create the test env file from the dev one when it is missing: same keys and values, so the
 * test stack starts with what dev had. Values are never logged, only the key count.
 */
export const envDerive = defineAction({
  type: 'env.derive',
  schema: (z) => z.strictObject({
    type: z.literal('env.derive'),
    from: z.string().min(1).default('.env.dev'),
    to: z.string().min(1).default('.env.test'),
  }),
  replayablePlan: true,
  describe: (spec) => `create ${spec.to} from ${spec.from} when missing`,
  async plan(spec, ctx) {
    if (await ctx.fs.exists(spec.to)) return [];
    const content = await ctx.fs.read(spec.from);
    if (!content) {
      ctx.log(`${spec.from} does not exist: ${spec.to} starts empty; add the variables the test stack needs`, 'warn');
      return [{ kind: 'write', path: spec.to, content: Buffer.from(`# Test environment (created by migrate-wizard; ${spec.from} was missing)\n`), mode: 0o600 }];
    }
    // Parse to validate (and count) without ever printing a value.
    const keys = new Set(parseEnvFile(content.toString('utf8'), spec.from).map((e) => e.key));
    const info = await ctx.fs.stat(spec.from);
    ctx.log(`${spec.to}: ${keys.size} variable(s) copied from ${spec.from}`);
    return [{ kind: 'write', path: spec.to, content, mode: info?.mode ?? 0o600 }];
  },
});
