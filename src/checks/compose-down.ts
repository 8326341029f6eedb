import type { z } from 'zod';
import { badProjectName, composeTargetShape, laterCommand } from '../compose/live-target.js';
import { requireLive } from '../compose/live-support.js';
import { teardown } from '../compose/teardown.js';
import { defineCheck, failed, passed } from './types.js';

/**
 * Take a project down and confirm no container with its label is left. Put it last in a
 * live step: harmless when the project is already down, and it still works when the
 * compose file is gone (containers are then removed by label).
 */
export const composeDown = defineCheck({
  type: 'compose.down',
  cleanup: true,
  schema: (z) => z.strictObject({
    type: z.literal('compose.down'),
    ...composeTargetShape(z),
    volumes: z.boolean().optional().describe('Also remove named volumes (down -v): yes for test projects, no for dev data (default false)'),
    stopTimeout: z.number().int().min(0).optional().describe('Seconds each container gets to stop (default 10)'),
  }),
  describe: (spec) => `${spec.project} is taken down${spec.volumes ? ' with its volumes' : ''}`,
  async run(spec, ctx) {
    const badName = badProjectName(spec);
    if (badName) return failed(badName);
    const args = ['down', '--remove-orphans', ...(spec.volumes ? ['-v'] : [])];
    const live = await requireLive(ctx, (cli) => laterCommand(cli, spec, ...args));
    if (live.skip) return live.skip;
    const started = Date.now();
    const t = await teardown({ cli: live.cli, target: spec, cwd: ctx.root, volumes: spec.volumes ?? false, stopTimeout: spec.stopTimeout, onLine: ctx.output });
    if (!t.ok) return failed(`${spec.project} still has containers after ${t.how}: ${t.left.join(', ')}; remove them with: ${live.cli.engine} rm -f ${t.left.join(' ')}`);
    return passed(`${spec.project} is down (${t.how}, ${((Date.now() - started) / 1000).toFixed(1)}s); no containers left`);
  },
});
