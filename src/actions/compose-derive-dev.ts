import type { z } from 'zod';
import { deriveDev } from '../compose/derive-dev.js';
import { findNameReferences } from '../compose/references.js';
import { defineAction } from './types.js';

export const composeDeriveDev = defineAction({
  type: 'compose.derive-dev',
  schema: (z) => z.strictObject({
    type: z.literal('compose.derive-dev'),
    from: z.string().min(1).describe('Base compose file, e.g. docker-compose.yml'),
    to: z.string().min(1).describe('Dev compose file to write, in the same folder, e.g. docker-compose.dev.yml'),
    suffix: z.string().min(1).default('-dev').describe('Suffix for container_name values and explicit network/volume names'),
    envMap: z.record(z.string(), z.string()).default({ '.env': '.env.dev' }).describe('Env file renames applied to env_file entries and bind mounts'),
    project: z.string().min(1).optional().describe('Project name dev runs under (-p), for the notes'),
  }),
  replayablePlan: true,
  describe: (spec) => `create ${spec.to} from ${spec.from} (names${spec.suffix})`,
  async plan(spec, ctx) {
    const r = await deriveDev(ctx.fs, spec.from, { suffix: spec.suffix, envMap: spec.envMap, project: spec.project, to: spec.to });
    for (const n of r.notes) ctx.log(`${spec.to}: ${n}`);
    for (const ref of await findNameReferences(ctx.fs, r.renamedContainers)) {
      ctx.log(`${ref.file}:${ref.line}:${ref.col}: uses container name ${ref.name}, which dev now calls ${ref.name}${spec.suffix}: check it: ${ref.text}`, 'warn');
    }
    const content = Buffer.from(r.text, 'utf8');
    const current = await ctx.fs.read(spec.to);
    if (current && current.equals(content)) return [];
    return [{ kind: 'write', path: spec.to, content }];
  },
});
