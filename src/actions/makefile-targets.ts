import type { z } from 'zod';
import { mergeMakefile } from '../compose/makefile.js';
import { loadParsed } from '../compose/model.js';
import { defineAction } from './types.js';

export const makefileTargets = defineAction({
  type: 'makefile.targets',
  schema: (z) => z.strictObject({
    type: z.literal('makefile.targets'),
    file: z.string().min(1).default('Makefile'),
    composeCli: z.string().min(1).default('docker compose').describe('The user\'s compose CLI: "docker compose" or "docker-compose"'),
    devFile: z.string().min(1).default('docker-compose.dev.yml'),
    testFile: z.string().min(1).default('docker-compose.test.yml'),
    devProject: z.string().min(1),
    testProject: z.string().min(1),
    devEnv: z.string().min(1).default('.env.dev'),
    testEnv: z.string().min(1).default('.env.test'),
    testCommand: z.string().optional().describe('The test command test-run runs, e.g. "make test-unit"'),
    testService: z.string().min(1).optional().describe('Run the test command inside this test service instead of on the host'),
    shellService: z.string().min(1).optional().describe('Default service for dev-shell (SERVICE=...)'),
  }),
  replayablePlan: true,
  describe: (spec) => `add dev-*/test-* targets to ${spec.file}`,
  async plan(spec, ctx) {
    const current = await ctx.fs.read(spec.file);
    // dev-shell's default service: the first one of the dev file.
    let shellService = spec.shellService;
    if (!shellService && (await ctx.fs.exists(spec.devFile))) {
      try {
        const services = (await loadParsed(ctx.fs, spec.devFile)).js().services;
        shellService = services && typeof services === 'object' ? Object.keys(services)[0] : undefined;
      } catch {
        // an unreadable dev file is reported by its own checks
      }
    }
    const r = mergeMakefile(current?.toString('utf8') ?? null, { ...spec, shellService });
    for (const n of r.notes) ctx.log(`${spec.file}: ${n}`);
    const content = Buffer.from(r.text, 'utf8');
    if (current && current.equals(content)) return [];
    return [{ kind: 'write', path: spec.file, content }];
  },
});
