import { isMap, isScalar } from 'yaml';
import type { z } from 'zod';
import { buildComposeModel, loadParsed } from '../compose/model.js';
import { UserError } from '../engine/errors.js';
import { defineCheck, failed, passed } from './types.js';

/** Every container_name, and every explicit non-external network/volume name, ends with the suffix; no top-level name:. */
export const composeNamesSuffixed = defineCheck({
  type: 'compose.names-suffixed',
  schema: (z) => z.strictObject({
    type: z.literal('compose.names-suffixed'),
    file: z.string().min(1),
    suffix: z.string().min(1),
  }),
  describe: (spec) => `names in ${spec.file} end with ${spec.suffix}`,
  async run(spec, ctx) {
    let model;
    try {
      model = await buildComposeModel(await loadParsed(ctx.fs, spec.file), ctx.fs, { env: {} });
    } catch (err) {
      if (err instanceof UserError) return failed(err.message);
      throw err;
    }
    const bad: string[] = [];
    let named = 0;
    for (const s of model.services) {
      const raw = s.raw.container_name;
      if (raw === undefined) continue;
      named++;
      if (!String(raw).endsWith(spec.suffix)) bad.push(`${s.where}: service ${s.name}: container_name "${String(raw)}"`);
    }
    const js = model.parsed.js();
    for (const section of ['networks', 'volumes'] as const) {
      for (const r of section === 'networks' ? model.networks : model.volumes) {
        const def = (js[section] as Record<string, Record<string, unknown> | null>)[r.key];
        if (!r.external && def && def.name !== undefined && !String(def.name).endsWith(spec.suffix)) {
          bad.push(`${spec.file}: ${section}.${r.key}: name "${String(def.name)}"`);
        }
      }
    }
    const root = model.parsed.doc.contents;
    if (isMap(root) && root.items.some((p) => isScalar(p.key) && p.key.value === 'name')) {
      bad.push(`${spec.file}: top-level name: (docker-compose v1 rejects it; use -p)`);
    }
    if (bad.length > 0) return failed(`${bad.length} name(s) without ${spec.suffix}:\n${bad.map((b) => `  ${b}`).join('\n')}`);
    const unnamed = model.services.length - named;
    return passed(`${named} container name(s) end with ${spec.suffix}${unnamed ? `; ${unnamed} service(s) without container_name are named by -p` : ''}`);
  },
});
