import type { z } from 'zod';
import { defineCheck } from './types.js';
import { dockerfilePath, dockerfileRuleFindings, dockerProjectFor, isResult, resultOf } from './docker-findings.js';

/** Build tools (gcc, build-essential, *-dev packages, …) live in a builder stage, not in the image that runs. */
export const dockerfileMultiStage = defineCheck({
  type: 'dockerfile.multi-stage',
  schema: (z) => z.strictObject({
    type: z.literal('dockerfile.multi-stage'),
    path: dockerfilePath(z),
  }),
  describe: (spec) => `${spec.path ?? 'every Dockerfile'}: build tools only in a builder stage`,
  async run(spec, ctx) {
    const project = dockerProjectFor(ctx.root, spec.path);
    if (isResult(project)) return project;
    const findings = dockerfileRuleFindings(project, ['dockerfile.single-stage-build-tools']);
    return resultOf(findings, project.infos.length, 'no single-stage image ships compilers or -dev headers', 'move the compiler install and the build into a `FROM … AS builder` stage and COPY --from=builder only the results (wheels, binaries) into a slim final stage');
  },
});
