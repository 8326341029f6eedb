import type { z } from 'zod';
import { runProcess } from '../actions/run-process.js';
import { onPath } from '../compose/engine-cli.js';
import { defineCheck, failed, passed, skipped } from './types.js';

/** `make -n <target>` succeeds for each target: they exist, parse (real tabs) and expand. */
export const makeDryRun = defineCheck({
  type: 'make.dry-run',
  schema: (z) => z.strictObject({
    type: z.literal('make.dry-run'),
    targets: z.array(z.string().min(1)).min(1),
    file: z.string().min(1).default('Makefile'),
  }),
  describe: (spec) => `make -n ${spec.targets.join(', ')}`,
  async run(spec, ctx) {
    if (!onPath('make')) return skipped(`make is not installed; run later: make -n ${spec.targets.join(' ')}`);
    if (!(await ctx.fs.exists(spec.file))) return failed(`${spec.file} does not exist`);
    const dryRun = (targets: string[]) =>
      runProcess({
        argv: ['make', '-n', '-f', spec.file, ...targets],
        cwd: ctx.root,
        timeoutMs: 30_000,
        signal: ctx.signal,
        tailSize: 10,
        onLine: (line, stream) => ctx.output(line, stream),
      });
    // One make for all targets; only when it fails, one per target to name each that fails.
    if ((await dryRun(spec.targets)).exitCode === 0) return passed(`make -n succeeds for ${spec.targets.join(', ')}`);
    const problems: string[] = [];
    for (const t of spec.targets) {
      const outcome = await dryRun([t]);
      if (outcome.exitCode !== 0) problems.push(`make -n ${t}: ${outcome.problem ?? `exit ${outcome.exitCode}`}\n${outcome.tail.map((l) => `    ${l}`).join('\n')}`);
    }
    if (problems.length > 0) return failed(problems.join('\n'));
    return passed(`make -n succeeds for ${spec.targets.join(', ')}`);
  },
});
