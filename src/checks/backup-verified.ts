import type { z } from 'zod';
import { sha256 } from '../engine/hash.js';
import { defineCheck, failed, passed } from './types.js';

interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

/** Every file the backup manifest lists is in the backup folder with the same size and sha256. */
export const backupVerified = defineCheck({
  type: 'backup.verified',
  schema: (z) => z.strictObject({
    type: z.literal('backup.verified'),
    dir: z.string().min(1).describe('Backup folder holding manifest.json, e.g. backups/pre-migration-{{date}}'),
  }),
  describe: (spec) => `backup in ${spec.dir} is complete`,
  async run(spec, ctx) {
    const raw = await ctx.fs.read(`${spec.dir}/manifest.json`);
    if (!raw) return failed(`${spec.dir}/manifest.json does not exist`);
    let entries: ManifestEntry[];
    try {
      const parsed = JSON.parse(raw.toString('utf8')) as { files?: ManifestEntry[] };
      entries = parsed.files ?? [];
    } catch {
      return failed(`${spec.dir}/manifest.json is not valid JSON`);
    }
    if (entries.length === 0) return failed(`${spec.dir}/manifest.json lists no files`);
    const problems: string[] = [];
    for (const e of entries) {
      const copy = await ctx.fs.read(`${spec.dir}/${e.path}`);
      if (!copy) problems.push(`${e.path} is missing`);
      else if (copy.length !== e.size) problems.push(`${e.path} has ${copy.length} bytes, the manifest says ${e.size}`);
      else if (sha256(copy) !== e.sha256) problems.push(`${e.path} does not match its sha256`);
    }
    if (problems.length > 0) return failed(`${spec.dir}: ${problems.join('; ')}`);
    return passed(`${entries.length} file(s) in ${spec.dir}, each with the size and sha256 in its manifest`);
  },
});
