import type { z } from 'zod';
import type { Dockerfile, Stage } from '../audit/dockerfile.js';
import { defineCheck, failed, passed } from './types.js';
import { dockerfilePath, dockerProjectFor, isResult } from './docker-findings.js';

const DEFAULT_KEYS = ['org.opencontainers.image.source', 'org.opencontainers.image.revision', 'org.opencontainers.image.created'];

/** Label keys set in a stage and the stages it is built FROM (`LABEL k=v k2="v 2"` and the old `LABEL k v`). */
export function stageLabels(df: Dockerfile, stage: Stage): Set<string> {
  const keys = new Set<string>();
  for (const ins of stage.instructions) {
    if (ins.cmd !== 'LABEL') continue;
    const pairs = [...ins.args.matchAll(/(?:^|\s)("[^"]+"|[^\s="]+)=/g)].map((m) => m[1]!.replace(/^"|"$/g, ''));
    if (pairs.length) pairs.forEach((k) => keys.add(k));
    else if (/^\S+\s+\S/.test(ins.args)) keys.add(ins.args.split(/\s+/)[0]!.replace(/^"|"$/g, ''));
  }
  if (stage.fromStage) {
    const parent = df.stages.find((s) => s.index < stage.index && s.name === stage.base.toLowerCase());
    if (parent) for (const k of stageLabels(df, parent)) keys.add(k);
  }
  return keys;
}

/** Build metadata: the final stage of every Dockerfile carries the OCI labels (where from, which commit, when). */
export const dockerfileLabels = defineCheck({
  type: 'dockerfile.labels',
  schema: (z) => z.strictObject({
    type: z.literal('dockerfile.labels'),
    path: dockerfilePath(z),
    keys: z.array(z.string().min(1)).min(1).optional().describe(`Label keys every final stage must set (default: ${DEFAULT_KEYS.join(', ')})`),
  }),
  describe: (spec) => `${spec.path ?? 'every Dockerfile'}: build metadata labels (${(spec.keys ?? DEFAULT_KEYS).map((k) => k.replace('org.opencontainers.image.', '')).join(', ')})`,
  async run(spec, ctx) {
    const project = dockerProjectFor(ctx.root, spec.path);
    if (isResult(project)) return project;
    const wanted = spec.keys ?? DEFAULT_KEYS;
    const problems: string[] = [];
    for (const { rel, df } of project.dockerfiles) {
      const final = df.stages[df.stages.length - 1];
      if (!final) continue;
      const have = stageLabels(df, final);
      const missing = wanted.filter((k) => !have.has(k));
      if (missing.length) problems.push(`${rel}:${final.fromLine}: final stage (FROM ${final.base}) has no label ${missing.join(', ')}`);
    }
    if (problems.length) {
      return failed(
        `${problems.join('\n')}\nFix: in the final stage add \`ARG GIT_SHA BUILD_DATE\` and \`LABEL org.opencontainers.image.source="<repo url>" org.opencontainers.image.revision=$GIT_SHA org.opencontainers.image.created=$BUILD_DATE\`, and pass the args in the build (--build-arg, or compose build.args)`,
      );
    }
    return passed(`every final stage sets ${wanted.join(', ')} (${project.dockerfiles.length} Dockerfile${project.dockerfiles.length === 1 ? '' : 's'} checked)`);
  },
});
