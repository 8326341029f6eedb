import type { z } from 'zod';
import { defineCheck } from './types.js';
import { dockerfilePath, dockerfileRuleFindings, dockerProjectFor, isResult, resultOf } from './docker-findings.js';

/** The final stage has a HEALTHCHECK, unless every compose service built from it defines one. */
export const dockerfileHealthcheck = defineCheck({
  type: 'dockerfile.healthcheck',
  schema: (z) => z.strictObject({
    type: z.literal('dockerfile.healthcheck'),
    path: dockerfilePath(z),
  }),
  describe: (spec) => `${spec.path ?? 'every Dockerfile'}: HEALTHCHECK in the final stage (or compose)`,
  async run(spec, ctx) {
    const project = dockerProjectFor(ctx.root, spec.path);
    if (isResult(project)) return project;
    const findings = dockerfileRuleFindings(project, ['dockerfile.no-healthcheck']);
    return resultOf(findings, project.infos.length, 'every service image has a HEALTHCHECK (in the Dockerfile or in compose)', 'add `HEALTHCHECK CMD …` that probes the service to the final stage, or a `healthcheck:` to the compose service');
  },
});
