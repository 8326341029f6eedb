import type { z } from 'zod';
import { staticComposeProblem } from '../compose/validate.js';
import { runProcess, shellQuote } from '../actions/run-process.js';
import { detectLive } from '../compose/engine-cli.js';
import { resolveInside } from '../engine/paths.js';
import { defineCheck, failed, passed, skipped } from './types.js';

/**
 * The user's own compose CLI accepts the file: `<cli> -f file [--env-file env] config -q`.
 * Needs no engine, only the CLI; without one it is skipped with the command to run later.
 * Warnings (e.g. an unset variable defaulting to blank) are reported but do not fail it.
 */
export const composeValid = defineCheck({
  type: 'compose.valid',
  schema: (z) => z.strictObject({
    type: z.literal('compose.valid'),
    file: z.string().min(1).describe('Compose file, relative to the project root'),
    envFile: z.string().min(1).optional().describe('Env file passed as --env-file (default: none)'),
  }),
  describe: (spec) => `${spec.file} is accepted by the compose CLI (config -q)`,
  async run(spec, ctx) {
    resolveInside(ctx.root, spec.file, 'compose file');
    if (!(await ctx.fs.exists(spec.file))) return failed(`${spec.file} does not exist; run the step that creates it first`);
    if (spec.envFile && !(await ctx.fs.exists(spec.envFile))) return failed(`${spec.envFile} does not exist (the --env-file for ${spec.file})`);
    // Strict YAML first: v1's PyYAML silently accepts duplicate keys, and with no CLI this is all we can check.
    const problem = await staticComposeProblem(ctx.fs, spec.file);
    if (problem) return failed(problem);
    const args = ['-f', spec.file, ...(spec.envFile ? ['--env-file', spec.envFile] : []), 'config', '-q'];
    const { cli } = await detectLive({ signal: ctx.signal });
    if (!cli) return skipped(`no compose CLI found (docker compose, docker-compose, podman compose, podman-compose)\nRun later: docker compose ${shellQuote(args)}`);
    const argv = [...cli.argv, ...args];
    const outcome = await runProcess({ argv, cwd: ctx.root, timeoutMs: 60_000, signal: ctx.signal, onLine: ctx.output, tailSize: 20 });
    const said = outcome.tail.filter((l) => l.trim() !== '');
    if (outcome.exitCode !== 0) {
      return failed(`${shellQuote(argv)} rejected ${spec.file} (${outcome.problem ?? `exit code ${outcome.exitCode}`}):\n${said.map((l) => `  ${l}`).join('\n')}`);
    }
    const warnings = said.filter((l) => /warn|not set|obsolete|deprecated/i.test(l));
    return passed(`${cli.name} accepts ${spec.file}${warnings.length ? `, with warnings:\n${warnings.map((l) => `  ${l}`).join('\n')}` : ''}`);
  },
});
