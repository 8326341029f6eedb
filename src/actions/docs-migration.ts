import type { ZodApi } from '../engine/zod-api.js';
import { renderGuide, renderReadmeSection, README_BEGIN, README_END } from '../ci/migration-docs.js';
import { migrationFacts } from '../ci/migration-facts.js';
import { backupDir } from './backup.js';
import { decodeText, encodeRaw } from './text-file.js';
import { defineAction } from './types.js';

const factsShape = (z: ZodApi) => ({
  composeCli: z.string().min(1),
  composeFile: z.string().min(1),
  composeTestFile: z.string().optional(),
  devFile: z.string().min(1).default('docker-compose.dev.yml'),
  devProject: z.string().min(1),
  devEnv: z.string().min(1).default('.env.dev'),
  testFile: z.string().min(1).default('docker-compose.test.yml'),
  testProject: z.string().min(1),
  testEnv: z.string().min(1).default('.env.test'),
  ciFile: z.string().optional(),
  ciEnv: z.string().optional(),
  workflow: z.string().optional(),
  testCommand: z.string().optional(),
  makefile: z.string().min(1).default('Makefile'),
  backupDir: z.string().optional().describe('The Phase 1 backup folder ({{date}} as YYYYMMDD), for the old commands'),
});

/**
 * MIGRATION_GUIDE.md (kind: guide) or a README section proposal (kind: readme), written
 * from what is in the project now (src/ci/migration-facts.ts). The README section sits
 * between markers, so a re-run replaces it in place and the rest of the README is untouched.
 */
export const docsMigration = defineAction({
  type: 'docs.migration',
  schema: (z) => z.strictObject({
    type: z.literal('docs.migration'),
    kind: z.enum(['guide', 'readme']),
    path: z.string().min(1).describe('MIGRATION_GUIDE.md, or the README to add the section to'),
    guide: z.string().min(1).default('MIGRATION_GUIDE.md').describe('The guide the README section links to'),
    ...factsShape(z),
  }),
  describe: (spec) => (spec.kind === 'guide' ? `write ${spec.path} from what this migration did` : `add a "Dev and test environments" section to ${spec.path}`),
  async plan(spec, ctx) {
    const { type: _t, kind, path, guide, ...facts } = spec;
    const f = await migrationFacts(ctx.fs, { ...facts, backupDir: facts.backupDir ? backupDir(facts.backupDir, ctx.now()) : undefined });
    const current = await ctx.fs.read(path);
    let content: Buffer;
    if (kind === 'guide') {
      content = Buffer.from(renderGuide(f), 'utf8');
    } else {
      if (!current) {
        ctx.log(`${path} does not exist: no section proposed (the guide is in ${guide})`);
        return [];
      }
      const file = decodeText(path, current);
      const section = renderReadmeSection(f, guide).replace(/\n/g, file.eol);
      const b = file.raw.indexOf(README_BEGIN);
      const e = file.raw.indexOf(README_END);
      let raw: string;
      if (b >= 0 && e > b) {
        const after = file.raw.indexOf(file.eol, e);
        raw = file.raw.slice(0, b) + section + (after < 0 ? '' : file.raw.slice(after + file.eol.length));
      } else {
        raw = file.raw + (file.finalNewline ? file.eol : file.eol + file.eol) + section;
      }
      content = encodeRaw(raw, file.bom);
    }
    if (current && current.equals(content)) return [];
    return [{ kind: 'write', path, content }];
  },
});
