import type { z } from 'zod';
import { defineCheck } from './types.js';
import { dockerfilePath, dockerfileRuleFindings, dockerProjectFor, isResult, resultOf } from './docker-findings.js';

/** Every build context that COPYs files has a .dockerignore (or <Dockerfile>.dockerignore) excluding .env files. */
export const dockerignoreExcludesEnv = defineCheck({
  type: 'dockerignore.excludes-env',
  schema: (z) => z.strictObject({
    type: z.literal('dockerignore.excludes-env'),
    path: dockerfilePath(z),
  }),
  describe: (spec) => `${spec.path ?? 'every Dockerfile'}: a .dockerignore excluding env files`,
  async run(spec, ctx) {
    const project = dockerProjectFor(ctx.root, spec.path);
    if (isResult(project)) return project;
    const findings = dockerfileRuleFindings(project, ['dockerfile.no-dockerignore', 'dockerfile.dockerignore-missing-env']);
    return resultOf(findings, project.infos.length, 'every build context has a .dockerignore that excludes env files', 'add `**/.env` and `**/.env.*` to the build context .dockerignore, creating it if needed (the dockerignore.exclude-env action does it)');
  },
});
