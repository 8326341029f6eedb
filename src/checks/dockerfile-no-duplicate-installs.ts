import type { z } from 'zod';
import { defineCheck } from './types.js';
import { dockerfileRuleFindings, dockerProjectFor, isResult, resultOf } from './docker-findings.js';

/**
 * No two Dockerfiles install the same requirements file (the audit's duplicate-requirements
 * rule): shared dependencies belong in one base image the services build on. Always looks at
 * every Dockerfile, since a duplicate needs two.
 */
export const dockerfileNoDuplicateInstalls = defineCheck({
  type: 'dockerfile.no-duplicate-installs',
  schema: (z) => z.strictObject({ type: z.literal('dockerfile.no-duplicate-installs') }),
  describe: () => 'no two Dockerfiles install the same requirements',
  async run(_spec, ctx) {
    const project = dockerProjectFor(ctx.root);
    if (isResult(project)) return project;
    const findings = dockerfileRuleFindings(project, ['dockerfile.duplicate-requirements']);
    return resultOf(
      findings,
      project.infos.length,
      'each requirements file is installed by one Dockerfile',
      'install the shared requirements once in a base image (e.g. docker/base.Dockerfile) and make the service images `FROM` it; keep only service-specific installs in each',
    );
  },
});
