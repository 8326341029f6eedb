import type { z } from 'zod';
import { buildComposeModel, loadParsed } from '../compose/model.js';
import { checkParallelSafety, type SafetyInput } from '../compose/parallel-safety.js';
import { loadProjectEnv } from '../compose/project-env.js';
import { UserError } from '../engine/errors.js';
import { defineCheck, failed, passed } from './types.js';

/**
 * The static proof that the given projects can run side by side: container names, host ports
 * (per host IP), non-external networks and volumes are disjoint after interpolation.
 */
export const composeParallelSafe = defineCheck({
  type: 'compose.parallel-safe',
  schema: (z) => z.strictObject({
    type: z.literal('compose.parallel-safe'),
    files: z
      .array(
        z.strictObject({
          file: z.string().min(1).describe('Compose file'),
          project: z.string().min(1).describe('Project name it runs under (-p)'),
          envFiles: z.array(z.string().min(1)).default([]).describe('Env files for interpolation, in order (later wins)'),
        }),
      )
      .min(2),
    processEnv: z.boolean().default(true).describe('Let the shell environment override env files, as Compose does'),
  }),
  describe: (spec) => `${spec.files.map((f) => `${f.file} (-p ${f.project})`).join(' and ')} can run in parallel`,
  async run(spec, ctx) {
    const inputs: SafetyInput[] = [];
    for (const f of spec.files) {
      try {
        const { env } = await loadProjectEnv(ctx.fs, f.envFiles, spec.processEnv ? process.env : {});
        const model = await buildComposeModel(await loadParsed(ctx.fs, f.file), ctx.fs, { env });
        inputs.push({ model, project: f.project });
      } catch (err) {
        if (err instanceof UserError) return failed(err.message);
        throw err;
      }
    }
    const r = checkParallelSafety(inputs);
    const lines = [
      ...r.conflicts.map((c) => `conflict: ${c.message}`),
      ...r.unproven.map((c) => `cannot prove: ${c.message}`),
    ];
    if (lines.length > 0) return failed(`${r.conflicts.length} conflict(s), ${r.unproven.length} unproven:\n${lines.map((l) => `  ${l}`).join('\n')}`);
    const shared = r.shared.length > 0 ? `\n${r.shared.map((s) => `  note: ${s}`).join('\n')}` : '';
    return passed(`no shared container names, host ports, networks or volumes${shared}`);
  },
});
