import type { z } from 'zod';
import { UserError } from '../engine/errors.js';
import { projectContainers } from '../compose/containers.js';
import { badProjectName, composeTargetShape, laterCommand, readServices } from '../compose/live-target.js';
import { requireLive } from '../compose/live-support.js';
import { describeProbe, planProbes, runProbes } from '../compose/probe.js';
import { defineCheck, failed, passed } from './types.js';

/**
 * Every published host port of a running project answers: a TCP connect for each, and an
 * HTTP GET (status below 400) where the service's healthcheck fetches an http:// URL or
 * it carries `x-migrate-wizard: {http: /path}`. The project must already be up (compose.up).
 */
export const composePortsAnswer = defineCheck({
  type: 'compose.ports-answer',
  schema: (z) => z.strictObject({
    type: z.literal('compose.ports-answer'),
    ...composeTargetShape(z),
    timeout: z.number().positive().optional().describe('Seconds to keep retrying ports that do not answer yet (default 10)'),
  }),
  describe: (spec) => `the published ports of ${spec.project} answer`,
  async run(spec, ctx) {
    const badName = badProjectName(spec);
    if (badName) return failed(badName);
    const live = await requireLive(ctx, (cli) => `${laterCommand(cli, spec, 'up', '-d', '--build')}, then probe its published ports`);
    if (live.skip) return live.skip;
    const { cli } = live;
    let hints;
    try {
      hints = await readServices(spec.file, ctx);
    } catch (err) {
      if (err instanceof UserError) return failed(err.message);
      throw err;
    }
    const containers = await projectContainers(cli.engine, spec.project, ctx.signal);
    if (!containers.some((c) => c.status === 'running')) {
      return failed(`${spec.project} has no running containers; start it first: ${laterCommand(cli, spec, 'up', '-d', '--build')}`);
    }
    const probes = planProbes(containers, hints);
    if (probes.length === 0) return passed(`${spec.project} publishes no host ports; nothing to probe`);
    const results = await runProbes(probes, { withinMs: (spec.timeout ?? 10) * 1000, signal: ctx.signal });
    for (const r of results) ctx.log(`${describeProbe(r)}: ${r.detail}`, r.ok ? 'info' : 'warn');
    const bad = results.filter((r) => !r.ok);
    if (bad.length > 0) {
      return failed(`${bad.length} of ${results.length} probes of ${spec.project} failed: ${bad.map((r) => `${describeProbe(r)} (${r.detail})`).join('; ')}`);
    }
    return passed(`${spec.project} answers: ${results.map((r) => `${describeProbe(r)} ${r.kind === 'http' ? r.detail : 'ok'}`).join(', ')}`);
  },
});
