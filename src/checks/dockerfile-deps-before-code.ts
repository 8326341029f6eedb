import type { z } from 'zod';
import { defineCheck } from './types.js';
import { dockerfilePath, dockerfileRuleFindings, dockerProjectFor, isResult, resultOf } from './docker-findings.js';

/** Dependency manifests are copied and installed before `COPY . .`, so a code change does not reinstall everything. */
export const dockerfileDepsBeforeCode = defineCheck({
  type: 'dockerfile.deps-before-code',
  schema: (z) => z.strictObject({
    type: z.literal('dockerfile.deps-before-code'),
    path: dockerfilePath(z),
  }),
  describe: (spec) => `${spec.path ?? 'every Dockerfile'}: dependencies installed before the code is copied`,
  async run(spec, ctx) {
    const project = dockerProjectFor(ctx.root, spec.path);
    if (isResult(project)) return project;
    const findings = dockerfileRuleFindings(project, ['dockerfile.copy-before-install']);
    return resultOf(findings, project.infos.length, 'every dependency install runs before the source is copied', 'COPY only the manifests (requirements*.txt, package*.json, …), RUN the install, then `COPY . .` (the dockerfile.deps-first action does it for pip and npm)');
  },
});
