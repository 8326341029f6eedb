import type { z } from 'zod';
import { runProcess, shellQuote } from '../actions/run-process.js';
import { ciRunCommand } from '../ci/ci-compose.js';
import { assertTargetFiles, badProjectName, composeArgv, composeTargetShape, laterCommand } from '../compose/live-target.js';
import { requireLive, seconds } from '../compose/live-support.js';
import { teardown } from '../compose/teardown.js';
import { UserError } from '../engine/errors.js';
import { defineCheck, failed, passed } from './types.js';

/**
 * Run the CI compose file as CI will: `up --build --abort-on-container-exit --exit-code-from
 * <runner>`, and check the exit code is the one expected (0: the tests pass). The project
 * is taken down with its volumes afterwards, whatever happened, even after Ctrl+C.
 */
export const composeCiRun = defineCheck({
  type: 'compose.ci-run',
  schema: (z) => z.strictObject({
    type: z.literal('compose.ci-run'),
    ...composeTargetShape(z),
    service: z.string().min(1).optional().describe('The service whose exit code is the result (default: the one named in the file\'s "# Run:" header)'),
    expectExit: z.number().int().min(0).optional().describe('Exit code that passes (default 0)'),
    timeout: z.number().positive().optional().describe('Seconds the whole run may take (default 900)'),
  }),
  describe: (spec) => `${spec.file} runs the tests in ${spec.project}; its exit code is ${spec.expectExit ?? 0}`,
  async run(spec, ctx) {
    const badName = badProjectName(spec);
    if (badName) return failed(badName);
    let service = spec.service;
    try {
      await assertTargetFiles(spec, ctx);
      if (!service) {
        const text = (await ctx.fs.read(spec.file))!.toString('utf8');
        service = ciRunCommand(text)?.service;
        if (!service) return failed(`${spec.file} has no "# Run: … --exit-code-from <service>" header; give the check a service`);
      }
    } catch (err) {
      if (err instanceof UserError) return failed(err.hint ? `${err.message}; ${err.hint}` : err.message);
      throw err;
    }
    const upArgs = ['up', '--build', '--abort-on-container-exit', '--exit-code-from', service];
    const live = await requireLive(ctx, (cli) => laterCommand(cli, spec, ...upArgs));
    if (live.skip) return live.skip;
    const { cli } = live;
    const argv = composeArgv(cli, spec, ...upArgs);
    const started = Date.now();
    let outcome;
    try {
      ctx.log(`$ ${shellQuote(argv)}`);
      outcome = await runProcess({ argv, cwd: ctx.root, timeoutMs: (spec.timeout ?? 900) * 1000, signal: ctx.signal, onLine: ctx.output, tailSize: 20 });
    } finally {
      // CI leaves nothing behind; neither does this check.
      const t = await teardown({ cli, target: spec, cwd: ctx.root, volumes: true, onLine: ctx.output }).catch(() => undefined);
      if (t && !t.ok) ctx.log(`teardown of ${spec.project} left: ${t.left.join(', ')}`, 'warn');
    }
    const expected = spec.expectExit ?? 0;
    const took = seconds(Date.now() - started);
    if (outcome.exitCode === expected) return passed(`${shellQuote(argv)} exited with ${expected} in ${took} (the exit code of ${service}); taken down with its volumes`);
    const status = outcome.exitCode === undefined ? outcome.problem : `exited with ${outcome.exitCode}`;
    return failed(`${shellQuote(argv)} ${status}, expected ${expected} (the exit code of ${service}); last output:\n${outcome.tail.map((l) => `  ${l}`).join('\n')}`);
  },
});
