import path from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { clearComposeCache, readCompose } from '../audit/compose.js';
import { readText } from '../audit/read.js';
import { resolveInside } from '../engine/paths.js';
import { defineCheck, failed, passed, skipped } from './types.js';

/**
 * Every service of a compose file is on one named network declared at the top level, so the
 * stack's wiring is explicit (not Compose's implicit `default`). A service with
 * `network_mode: service:x` shares x's network and counts as on it.
 */
export const composeOneNetwork = defineCheck({
  type: 'compose.one-network',
  schema: (z) => z.strictObject({
    type: z.literal('compose.one-network'),
    file: z.string().min(1).describe('The compose file'),
    network: z.string().min(1).optional().describe('The network every service must join (default: the declared network most services use)'),
  }),
  describe: (spec) => `${spec.file}: every service on ${spec.network ? `network ${spec.network}` : 'one named network'}`,
  async run(spec, ctx) {
    const abs = resolveInside(ctx.root, spec.file, 'compose file');
    const text = readText(abs);
    if (text === null) return failed(`${spec.file} does not exist`);
    let top: Record<string, unknown> = {};
    try {
      const js = parse(text, { uniqueKeys: false, merge: true }) as Record<string, unknown> | null;
      if (js && typeof js.networks === 'object' && js.networks) top = js.networks as Record<string, unknown>;
    } catch {
      return failed(`${spec.file} is not valid YAML (run the yaml.valid check for the position)`);
    }
    clearComposeCache();
    const compose = readCompose(ctx.root, path.relative(ctx.root, abs).split(path.sep).join('/'));
    if (!compose.services.length) return skipped(`${spec.file} has no services`);
    const declared = Object.keys(top).filter((n) => n !== 'default');
    const joins = (s: (typeof compose.services)[number], net: string) =>
      s.networks.includes(net) || s.networks.some((n) => /^mode:(service|container):/.test(n));
    let net = spec.network;
    if (!net) {
      // The declared network most services are on is the one the rest should join.
      const count = (n: string) => compose.services.filter((s) => s.networks.includes(n)).length;
      net = [...declared].sort((a, b) => count(b) - count(a))[0];
    }
    if (!net || !declared.includes(net)) {
      const wanted = net ?? 'app';
      return failed(
        `${spec.file}:1: no top-level network ${net ? `\`${net}\` is declared` : 'is declared (every service is on the implicit `default` network)'}\nFix: declare \`networks: {${wanted}: {}}\` at the top level and add \`networks: [${wanted}]\` to every service`,
      );
    }
    const off = compose.services.filter((s) => !joins(s, net!));
    if (off.length) {
      const lines = off.map((s) => `${spec.file}:${s.line}: service \`${s.name}\` is not on network \`${net}\` (${s.networks.length ? `it has: ${s.networks.map((n) => n.replace(/^mode:/, 'network_mode: ')).join(', ')}` : 'it is on `default`'})`);
      return failed(`${lines.join('\n')}\nFix: add \`${net}\` to the \`networks:\` of each of these services`);
    }
    return passed(`all ${compose.services.length} services of ${spec.file} are on network ${net}`);
  },
});
