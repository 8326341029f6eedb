import type { z } from 'zod';
import { splitMount } from '../compose/merge.js';
import { parse } from 'yaml';
import { CERT_DIRS, findCertDir, keyFiles } from '../ci/ssl.js';
import { defineCheck, failed, passed, skipped } from './types.js';

/**
 * The certificate mount of the test stack works: its source folder exists, it is mounted
 * read-only, and no private key in it is readable by everyone.
 */
export const sslCertsReady = defineCheck({
  type: 'ssl.certs-ready',
  schema: (z) => z.strictObject({
    type: z.literal('ssl.certs-ready'),
    file: z.string().min(1).describe('The test compose file'),
    dirs: z.array(z.string().min(1)).optional().describe(`Certificate folders (default: ${CERT_DIRS.join(', ')})`),
  }),
  describe: (spec) => `certificates mounted read-only in ${spec.file}, key not world-readable`,
  async run(spec, ctx) {
    const bytes = await ctx.fs.read(spec.file);
    if (!bytes) return failed(`${spec.file} does not exist`);
    const dirs = spec.dirs ?? CERT_DIRS;
    const doc = parse(bytes.toString('utf8'), { merge: true, uniqueKeys: false }) as { services?: Record<string, { volumes?: unknown[] }> };
    const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/$/, '');
    const mounts: { service: string; source: string; ro: boolean }[] = [];
    for (const [name, svc] of Object.entries(doc?.services ?? {})) {
      for (const v of Array.isArray(svc?.volumes) ? svc.volumes : []) {
        if (typeof v !== 'string') continue;
        const parts = splitMount(v);
        if (parts.length >= 2 && dirs.map(norm).includes(norm(parts[0]))) mounts.push({ service: name, source: norm(parts[0]), ro: (parts[2] ?? '').split(',').includes('ro') });
      }
    }
    const found = await findCertDir(ctx.fs, dirs);
    if (mounts.length === 0) {
      if (!found) return skipped(`no certificate folder (${dirs.join(', ')}) and none mounted in ${spec.file}: SSL in tests was skipped (see the step's log for why)`);
      return failed(`${found.dir}/ holds certificates but ${spec.file} does not mount it`);
    }
    const problems: string[] = [];
    for (const m of mounts) {
      const files = (await ctx.fs.list(m.source)).filter(Boolean);
      if (files.length === 0) problems.push(`service ${m.service} mounts ./${m.source}, which does not exist or is empty (Docker would create an empty folder)`);
      if (!m.ro) problems.push(`service ${m.service} mounts ./${m.source} read-write; add :ro`);
      for (const key of keyFiles(files)) {
        const info = await ctx.fs.stat(`${m.source}/${key}`);
        if (info && info.mode & 0o004) problems.push(`${m.source}/${key} is readable by everyone (mode ${info.mode.toString(8).padStart(4, '0')}); chmod 600 ${m.source}/${key}`);
      }
    }
    if (problems.length > 0) return failed(problems.join('; '));
    return passed(`${mounts.map((m) => `${m.service}: ./${m.source} (read-only)`).join(', ')}; private key(s) not world-readable`);
  },
});
