import type { z } from 'zod';
import { deriveCi } from '../ci/ci-compose.js';
import { testRunnerFor } from '../ci/runner-for-project.js';
import { defineAction } from './types.js';

/**
 * docker-compose.ci.yml from the standalone test file, with the project's own test command
 * as the runner's command (see src/ci/ci-compose.ts). Regenerated on every run; unchanged
 * output is no change.
 */
export const composeDeriveCi = defineAction({
  type: 'compose.derive-ci',
  schema: (z) => z.strictObject({
    type: z.literal('compose.derive-ci'),
    from: z.string().min(1).describe('The standalone test compose file, e.g. docker-compose.test.yml'),
    to: z.string().min(1).default('docker-compose.ci.yml'),
    envFile: z.string().min(1).default('.env.ci').describe('The CI env file: env_file entries and .env bind mounts point here'),
    replaceEnv: z.array(z.string().min(1)).default(['.env.test', '.env.dev', '.env']).describe('Env file names in the test file that become envFile'),
    project: z.string().min(1).describe('Compose project name CI runs under (-p)'),
    composeCli: z.string().min(1).default('docker compose').describe('Compose command written into the run command'),
    testCommand: z.string().optional().describe('The project test command, e.g. "make test-unit"; its Makefile recipe tells where the tests run'),
    ciTestCommand: z.string().optional().describe('The command the runner container runs (overrides what testCommand implies)'),
    service: z.string().optional().describe('The service the tests run in (default: from the test command, else the first built service with ports)'),
    makefile: z.string().min(1).default('Makefile'),
  }),
  describe: (spec) => `create ${spec.to} from ${spec.from} (runs the tests, exit code = result)`,
  async plan(spec, ctx) {
    const runner = await testRunnerFor(ctx.fs, { composeFile: spec.from, testCommand: spec.testCommand, ciTestCommand: spec.ciTestCommand, service: spec.service, makefile: spec.makefile });
    const r = await deriveCi(ctx.fs, {
      from: spec.from,
      to: spec.to,
      runner,
      envMap: Object.fromEntries(spec.replaceEnv.map((e) => [e, spec.envFile])),
      envFile: spec.envFile,
      project: spec.project,
      composeCli: spec.composeCli,
    });
    for (const n of r.notes) ctx.log(`${spec.to}: ${n}`);
    ctx.log(`${spec.to}: run it with: ${r.command}`);
    const content = Buffer.from(r.text, 'utf8');
    const current = await ctx.fs.read(spec.to);
    if (current && current.equals(content)) return [];
    return [{ kind: 'write', path: spec.to, content }];
  },
});
