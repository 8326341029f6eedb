import type { z } from 'zod';
import { parseEnvFile } from '../compose/env-file.js';
import { secretStrings } from '../engine/secrets.js';
import { defineCheck, failed, passed, skipped } from './types.js';

/**
 * The canary: no secret-looking value of the source env files (.env.dev, .env.test) appears
 * anywhere in the target (.env.ci, an .example file), not even inside a longer value.
 * A value that the sources also use for a non-secret key (a user name equal to the
 * password, say) is public there already and is not counted. Messages name keys, never values.
 */
export const envNoSecrets = defineCheck({
  type: 'env.no-secrets',
  schema: (z) => z.strictObject({
    type: z.literal('env.no-secrets'),
    file: z.string().min(1).describe('The file that must hold no secret, e.g. .env.ci'),
    sources: z.array(z.string().min(1)).min(1).describe('Env files whose secret values must not appear in it'),
  }),
  describe: (spec) => `${spec.file} holds no secret value of ${spec.sources.join(', ')}`,
  async run(spec, ctx) {
    const target = await ctx.fs.read(spec.file);
    if (!target) return failed(`${spec.file} does not exist`);
    const text = target.toString('utf8');
    const leaks: string[] = [];
    let count = 0;
    const read: string[] = [];
    for (const source of spec.sources) {
      const bytes = await ctx.fs.read(source);
      if (!bytes) continue;
      read.push(source);
      const entries = parseEnvFile(bytes.toString('utf8'), source);
      const publicValues = new Set(entries.filter((e) => e.value !== undefined && secretStrings([e]).length === 0).map((e) => e.value!));
      for (const e of entries) {
        for (const secret of secretStrings([e])) {
          if (publicValues.has(secret)) continue;
          count++;
          if (text.includes(secret)) leaks.push(`${source} ${e.key}`);
        }
      }
    }
    if (read.length === 0) return skipped(`none of ${spec.sources.join(', ')} exists: nothing to compare`);
    if (leaks.length > 0) return failed(`${spec.file} contains the secret value of ${leaks.join(', ')}; replace it with a mock or blank it`);
    return passed(`${spec.file} contains none of the ${count} secret value(s) in ${read.join(', ')}`);
  },
});
