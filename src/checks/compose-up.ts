import type { z } from 'zod';
import { runProcess, shellQuote } from '../actions/run-process.js';
import { UserError } from '../engine/errors.js';
import { describeState } from '../compose/containers.js';
import { cliLabel } from '../compose/engine-cli.js';
import {
  assertTargetFiles,
  badProjectName,
  composeArgv,
  composeTargetShape,
  laterCommand,
  readServices,
} from '../compose/live-target.js';
import { failureWithLogs, requireLive, seconds } from '../compose/live-support.js';
import { teardown } from '../compose/teardown.js';
import { waitHealthy } from '../compose/wait-healthy.js';
import { defineCheck, failed, passed } from './types.js';

/**
 * Start a compose project and wait until every service is healthy (or running, when it
 * has no healthcheck). On failure it shows the failing service's last log lines and, by
 * default, takes the project down again so nothing is left half-started.
 */
export const composeUp = defineCheck({
  type: 'compose.up',
  schema: (z) => z.strictObject({
    type: z.literal('compose.up'),
    ...composeTargetShape(z),
    services: z.array(z.string().min(1)).min(1).optional().describe('Services that must become ready (default: all without profiles)'),
    timeout: z.number().positive().optional().describe('Seconds to wait for the services to become ready (default 120)'),
    build: z.boolean().optional().describe('Pass --build so images match the files (default true)'),
    onFailure: z.enum(['down', 'keep']).optional().describe('Take the project down after a failure (default) or keep it for inspection'),
  }),
  describe: (spec) => `${spec.project} starts from ${spec.file} and becomes healthy`,
  async run(spec, ctx) {
    const badName = badProjectName(spec);
    if (badName) return failed(badName);
    const upArgs = ['up', '-d', ...(spec.build === false ? [] : ['--build'])];
    const live = await requireLive(ctx, (cli) => laterCommand(cli, spec, ...upArgs));
    if (live.skip) return live.skip;
    const { cli } = live;
    let services: string[];
    try {
      await assertTargetFiles(spec, ctx);
      services = spec.services ?? (await readServices(spec.file, ctx)).filter((s) => !s.inProfile).map((s) => s.name);
    } catch (err) {
      if (err instanceof UserError) return failed(err.hint ? `${err.message}; ${err.hint}` : err.message);
      throw err;
    }
    const timeoutMs = (spec.timeout ?? 120) * 1000;
    const started = Date.now();
    const down = async (why: string) => {
      if (spec.onFailure === 'keep') return ` The project is left up for inspection (${why}); take it down with: ${laterCommand(cli, spec, 'down')}`;
      const t = await teardown({ cli, target: spec, cwd: ctx.root, volumes: false, onLine: ctx.output });
      return t.ok ? ' The project was taken down again.' : ` Teardown left containers: ${t.left.join(', ')}.`;
    };

    try {
      const argv = composeArgv(cli, spec, ...upArgs);
      ctx.log(`$ ${shellQuote(argv)}`);
      // Building images can take long; the readiness timeout starts once `up` returns.
      const up = await runProcess({ argv, cwd: ctx.root, timeoutMs: Math.max(timeoutMs, 900_000), signal: ctx.signal, onLine: ctx.output, tailSize: 20 });
      if (up.exitCode !== 0) {
        const status = up.problem ?? `exit code ${up.exitCode}`;
        return failed(`${shellQuote(argv)} failed (${status}); last output:\n${up.tail.map((l) => `  ${l}`).join('\n')}\n${await down('up failed')}`);
      }
      const wait = await waitHealthy({
        engine: cli.engine,
        project: spec.project,
        services,
        timeoutMs,
        signal: ctx.signal,
        onReady: (service, state) => ctx.log(`${service}: ${describeState(state)} after ${seconds(Date.now() - started)}`),
      });
      if (!wait.ok) {
        return failed(`${await failureWithLogs(`${spec.project}: ${wait.reason}`, wait.failing, cli)}\n${await down('not ready')}`);
      }
      const summary = services.map((s) => `${s} ${describeState(wait.containers.find((c) => c.service === s)!)}`).join(', ');
      return passed(`${spec.project} is up in ${seconds(Date.now() - started)}: ${summary} (${cliLabel(cli)})`);
    } catch (err) {
      // Ctrl+C or an engine error: never leave a half-started project behind.
      if (spec.onFailure !== 'keep') await teardown({ cli, target: spec, cwd: ctx.root, volumes: false, onLine: ctx.output }).catch(() => undefined);
      throw err;
    }
  },
});
