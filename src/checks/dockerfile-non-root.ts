import type { z } from 'zod';
import { defineCheck } from './types.js';
import { dockerfilePath, dockerfileRuleFindings, dockerProjectFor, isResult, resultOf } from './docker-findings.js';

/** The image that runs switches to an unprivileged user (same rule as the audit: base, test and tool images are exempt). */
export const dockerfileNonRoot = defineCheck({
  type: 'dockerfile.non-root',
  schema: (z) => z.strictObject({
    type: z.literal('dockerfile.non-root'),
    path: dockerfilePath(z),
  }),
  describe: (spec) => `${spec.path ?? 'every Dockerfile'}: final stage runs as a non-root USER`,
  async run(spec, ctx) {
    const project = dockerProjectFor(ctx.root, spec.path);
    if (isResult(project)) return project;
    const findings = dockerfileRuleFindings(project, ['dockerfile.root-user']);
    return resultOf(findings, project.infos.length, 'every final stage runs as an unprivileged USER', 'create an unprivileged user in the final stage and add `USER app` after the last RUN/COPY (the dockerfile.non-root-user action does it for Debian and Alpine bases)');
  },
});
