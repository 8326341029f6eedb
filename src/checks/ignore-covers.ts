import type { z } from 'zod';
import { isIgnored, parseIgnore } from '../ci/ignore-file.js';
import { defineCheck, failed, passed } from './types.js';

/** An ignore file ignores these paths and does not ignore those (last matching line wins). */
export const ignoreCovers = defineCheck({
  type: 'ignore.covers',
  schema: (z) => z.strictObject({
    type: z.literal('ignore.covers'),
    file: z.string().min(1),
    ignored: z.array(z.string().min(1)).min(1).describe('Paths that must be ignored (a trailing / means a folder)'),
    notIgnored: z.array(z.string().min(1)).optional().describe('Paths that must stay visible, e.g. .env.dev.example'),
  }),
  describe: (spec) => `${spec.file} ignores ${spec.ignored.join(', ')}${spec.notIgnored?.length ? ` and keeps ${spec.notIgnored.join(', ')}` : ''}`,
  async run(spec, ctx) {
    const bytes = await ctx.fs.read(spec.file);
    if (!bytes) return failed(`${spec.file} does not exist`);
    const rules = parseIgnore(bytes.toString('utf8'));
    const missed = spec.ignored.filter((p) => !isIgnored(rules, p.replace(/\/$/, ''), p.endsWith('/')));
    const hidden = (spec.notIgnored ?? []).filter((p) => isIgnored(rules, p));
    if (missed.length > 0 || hidden.length > 0) {
      return failed([missed.length ? `${spec.file} does not ignore ${missed.join(', ')}` : '', hidden.length ? `${spec.file} ignores ${hidden.join(', ')}, which should be committed` : ''].filter(Boolean).join('; '));
    }
    return passed(`${spec.file} ignores ${spec.ignored.join(', ')}${spec.notIgnored?.length ? `; ${spec.notIgnored.join(', ')} stay visible` : ''}`);
  },
});
