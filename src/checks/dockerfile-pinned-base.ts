import type { z } from 'zod';
import { defineCheck } from './types.js';
import { dockerfilePath, dockerfileRuleFindings, dockerProjectFor, isResult, resultOf } from './docker-findings.js';

/** Every FROM of an image names a tag and a digest (image:tag@sha256:…); scratch and earlier stages are exempt. */
export const dockerfilePinnedBase = defineCheck({
  type: 'dockerfile.pinned-base',
  schema: (z) => z.strictObject({
    type: z.literal('dockerfile.pinned-base'),
    path: dockerfilePath(z),
  }),
  describe: (spec) => `${spec.path ?? 'every Dockerfile'}: base images pinned by digest`,
  async run(spec, ctx) {
    const project = dockerProjectFor(ctx.root, spec.path);
    if (isResult(project)) return project;
    const findings = dockerfileRuleFindings(project, ['dockerfile.base-unpinned', 'dockerfile.base-no-digest']);
    return resultOf(findings, project.infos.length, 'every base image is pinned by tag and digest', 'pin each FROM as `image:tag@sha256:<digest>` (`docker buildx imagetools inspect image:tag` prints the digest) and let Renovate/Dependabot bump it');
  },
});
