import type { z } from 'zod';
import { deriveTest } from '../compose/derive-test.js';
import { buildComposeModel, loadParsed } from '../compose/model.js';
import { loadProjectEnv } from '../compose/project-env.js';
import type { PortBinding } from '../compose/ports.js';
import { defineAction } from './types.js';

export const composeDeriveTest = defineAction({
  type: 'compose.derive-test',
  schema: (z) => z.strictObject({
    type: z.literal('compose.derive-test'),
    from: z.string().min(1).describe('Base compose file'),
    overlay: z.string().optional().describe('Existing test compose file: used as is when complete, merged onto the base when an overlay; empty or missing: none'),
    to: z.string().min(1).describe('Standalone test compose file to write, e.g. docker-compose.test.yml'),
    suffix: z.string().min(1).default('-test'),
    envFile: z.string().min(1).default('.env.test').describe('The test env file that env_file entries and .env bind mounts point to'),
    devFile: z.string().min(1).optional().describe('Dev compose file whose host ports test must avoid (default: the base file)'),
    devEnv: z.string().min(1).default('.env.dev').describe('Env file dev interpolates with'),
    project: z.string().min(1).optional(),
    portOffset: z.number().int().min(1).max(60000).default(10000).describe('First candidate host port = original + offset'),
  }),
  replayablePlan: true,
  describe: (spec) => `create standalone ${spec.to} from ${[spec.from, spec.overlay].filter(Boolean).join(' + ')}`,
  async plan(spec, ctx) {
    const overlay = spec.overlay && (await ctx.fs.exists(spec.overlay)) ? spec.overlay : undefined;
    // The ports dev really binds, after interpolation with dev's env.
    const devEnv = await loadProjectEnv(ctx.fs, ['.env', spec.devEnv]);
    const devFile = spec.devFile && (await ctx.fs.exists(spec.devFile)) ? spec.devFile : spec.from;
    let avoid: PortBinding[] = [];
    if (await ctx.fs.exists(devFile)) {
      const devModel = await buildComposeModel(await loadParsed(ctx.fs, devFile), ctx.fs, { env: devEnv.env });
      avoid = devModel.services.flatMap((s) => s.ports);
    }
    const testEnv = await loadProjectEnv(ctx.fs, (await ctx.fs.exists(spec.envFile)) ? [spec.envFile] : ['.env', spec.devEnv]);
    const previous = (await ctx.fs.read(spec.to))?.toString('utf8');
    const r = await deriveTest(ctx.fs, spec.from, {
      suffix: spec.suffix,
      overlay,
      envMap: { '.env': spec.envFile, [spec.devEnv]: spec.envFile },
      project: spec.project,
      to: spec.to,
      env: testEnv.env,
      avoid,
      previous,
      portOffset: spec.portOffset,
    });
    for (const n of r.notes) ctx.log(`${spec.to}: ${n}`);
    const content = Buffer.from(r.text, 'utf8');
    if (previous !== undefined && Buffer.from(previous, 'utf8').equals(content)) return [];
    return [{ kind: 'write', path: spec.to, content }];
  },
});
