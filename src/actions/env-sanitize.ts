import type { z } from 'zod';
import { sanitizeEnvText } from '../ci/env-sanitize.js';
import { UserError } from '../engine/errors.js';
import { decodeText, encodeRaw } from './text-file.js';
import { defineAction } from './types.js';

/**
 * An env file with its secrets replaced: `mock` gives obvious fakes (.env.ci, so CI never
 * holds a real credential), `blank` empties them (the .example files people commit).
 * Only key names are logged, never values.
 */
export const envSanitize = defineAction({
  type: 'env.sanitize',
  schema: (z) => z.strictObject({
    type: z.literal('env.sanitize'),
    from: z.string().min(1).describe('Env file to read, e.g. .env.test'),
    to: z.string().min(1).describe('Env file to write, e.g. .env.ci or .env.test.example'),
    mode: z.enum(['mock', 'blank']).describe('mock: obvious fake values (for CI); blank: empty values (for committed examples)'),
    optional: z.boolean().optional().describe('Skip with a log line when `from` is missing (default false: an error)'),
  }),
  describe: (spec) => `write ${spec.to} from ${spec.from} with secret values ${spec.mode === 'mock' ? 'mocked' : 'blanked'}`,
  async plan(spec, ctx) {
    const bytes = await ctx.fs.read(spec.from);
    if (!bytes) {
      if (spec.optional) {
        ctx.log(`${spec.from} does not exist: ${spec.to} not written`);
        return [];
      }
      throw new UserError(`${spec.from} does not exist, so ${spec.to} cannot be made from it`, 1, 'run the step that creates it first');
    }
    const file = decodeText(spec.from, bytes);
    const r = sanitizeEnvText(file.raw, spec.from, spec.mode);
    const header = spec.mode === 'mock'
      ? `# CI environment: made by migrate-wizard from ${spec.from}; secret values are fakes (mock-…-for-ci).`
      : `# Example for ${spec.to.replace(/\.example$/, '')}: made by migrate-wizard from ${spec.from}; secret values are blank. Copy it and fill them in.`;
    // A source made by this action (.env.ci → .env.ci.example) carries our header: replace it, never stack them.
    const ours = /^# (CI environment|Example for [^:]+): made by migrate-wizard[^\n]*\n/;
    const body = `${header}${file.eol}${r.text.replace(ours, '')}`;
    const content = encodeRaw(body, file.bom);
    ctx.log(`${spec.to}: ${r.replaced.length === 0 ? 'no secret-looking values' : `${spec.mode === 'mock' ? 'mocked' : 'blanked'} ${r.replaced.join(', ')}`}`);
    const current = await ctx.fs.read(spec.to);
    if (current && current.equals(content)) return [];
    // No secret is left in them: they are meant to be committed, so ordinary permissions.
    return [{ kind: 'write', path: spec.to, content, mode: current ? undefined : 0o644 }];
  },
});
