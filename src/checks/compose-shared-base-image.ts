import type { z } from 'zod';
import { composeDockerfile, loadDockerProject } from '../audit/docker-project.js';
import type { Dockerfile, Stage } from '../audit/dockerfile.js';
import { defineCheck, failed, passed, skipped } from './types.js';

/** The image a stage finally rests on: follows `FROM <earlier stage>` to an image reference. */
export function rootStage(df: Dockerfile, stage: Stage): Stage {
  let st = stage;
  for (let guard = 0; st.fromStage && guard < 50; guard++) {
    const parent = df.stages.find((s) => s.index < st.index && s.name === st.base.toLowerCase());
    if (!parent) break;
    st = parent;
  }
  return st;
}

/**
 * The service images compose builds all rest on one base image: the project's own base image
 * (built by a service or Dockerfile the others name in FROM), or at least one and the same
 * upstream image. A base image itself (an image other services are built FROM) is not a service.
 */
export const composeSharedBaseImage = defineCheck({
  type: 'compose.shared-base-image',
  schema: (z) => z.strictObject({
    type: z.literal('compose.shared-base-image'),
    files: z.array(z.string().min(1)).optional().describe('Compose files whose built services are compared (default: every compose file)'),
  }),
  describe: (spec) => `${spec.files ? spec.files.join(', ') : 'compose'}: service images build on one shared base image`,
  async run(spec, ctx) {
    const project = loadDockerProject(ctx.root);
    const files = spec.files ? project.compose.filter((c) => spec.files!.includes(c.rel)) : project.compose;
    const byRel = new Map(project.dockerfiles.map((d) => [d.rel, d]));
    const built: { service: string; file: string; image: string | null; df: string; stage: Stage }[] = [];
    for (const c of files) {
      for (const s of c.services) {
        if (!s.build) continue;
        const r = composeDockerfile(c, s.build);
        const d = r && byRel.get(r.df);
        if (!d) continue;
        const target = s.build.target?.toLowerCase();
        const stage = (target && d.df.stages.find((st) => st.name === target)) || d.df.stages[d.df.stages.length - 1];
        if (!stage) continue;
        if (built.some((b) => b.df === d.rel && b.stage === stage)) continue; // same image, several services
        built.push({ service: s.name, file: c.rel, image: s.image, df: d.rel, stage: rootStage(d.df, stage) });
      }
    }
    // Images other services are built FROM are the base, not services.
    const bases = new Set(built.map((b) => b.stage.base));
    const services = built.filter((b) => !(b.image && bases.has(b.image)));
    if (services.length < 2) return skipped(`${services.length} service image${services.length === 1 ? '' : 's'} built by compose: nothing to share`);
    const groups = new Map<string, typeof services>();
    for (const s of services) groups.set(s.stage.base, [...(groups.get(s.stage.base) ?? []), s]);
    if (groups.size === 1) return passed(`all ${services.length} service images build on ${services[0]!.stage.base}`);
    const lines = services.map((s) => `${s.df}:${s.stage.fromLine}: FROM ${s.stage.base} (service \`${s.service}\` in ${s.file})`);
    return failed(
      `${groups.size} different base images for ${services.length} service images:\n${lines.join('\n')}\nFix: build one base image (shared OS packages and dependencies) and make every service Dockerfile \`FROM\` it`,
    );
  },
});
