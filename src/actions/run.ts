import type { ZodApi } from '../engine/zod-api.js';
import { commandCwd, runProcess, shellQuote } from './run-process.js';
import { defineAction } from './types.js';

const argvSchema = (z: ZodApi) => z.array(z.string()).min(1);

export const run = defineAction({
  type: 'run',
  schema: (z) => z.strictObject({
    type: z.literal('run'),
    argv: argvSchema(z).describe('Command and arguments, run without a shell, e.g. [make, test]'),
    cwd: z.string().min(1).optional().describe('Folder to run in, relative to the project root (default: the root)'),
    timeout: z.number().positive().optional().describe('Seconds before the command is stopped (default 600)'),
    env: z.record(z.string(), z.string()).optional().describe('Extra environment variables'),
    revert: argvSchema(z).optional().describe('Command that undoes this one, run on rollback'),
    okExitCodes: z.array(z.number().int()).min(1).optional().describe('Exit codes that count as success (default [0])'),
  }),
  describe: (spec) => `run ${shellQuote(spec.argv)}`,
  describeEffect: (spec) => `run: ${shellQuote(spec.argv)}`,
  // No file changes; validating the folder here makes `plan` report a bad cwd before anything runs.
  async plan(spec, ctx) {
    commandCwd(ctx.root, spec.cwd, false);
    return [];
  },
  async execute(spec, ctx) {
    const outcome = await runProcess({
      argv: spec.argv,
      cwd: commandCwd(ctx.root, spec.cwd),
      env: spec.env,
      timeoutMs: (spec.timeout ?? 600) * 1000,
      signal: ctx.signal,
      onLine: (line, stream) => ctx.output(line, stream),
    });
    const okCodes = spec.okExitCodes ?? [0];
    const ok = outcome.exitCode !== undefined && okCodes.includes(outcome.exitCode);
    const status = outcome.exitCode !== undefined ? `exit code ${outcome.exitCode}` : outcome.problem!;
    const message = ok || outcome.tail.length === 0 ? status : `${status}; last output:\n${outcome.tail.join('\n')}`;
    return { ok, message, revertArgv: spec.revert };
  },
});
