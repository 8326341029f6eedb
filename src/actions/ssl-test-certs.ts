import type { z } from 'zod';
import { appServiceFor } from '../ci/app-service.js';
import { CERT_DIRS, findCertDir, generateSelfSigned, keyFiles, mountCerts, opensslMissing } from '../ci/ssl.js';
import { splitMount } from '../compose/merge.js';
import { buildComposeModel, loadParsed } from '../compose/model.js';
import type { FileOp } from '../engine/project-fs.js';
import { defineAction } from './types.js';

/**
 * SSL in the test stack: the project's certificate folder (or a self-signed pair made with
 * openssl, the key written 0600) mounted read-only into the test app, with
 * SSL_ENABLED=${SSL_ENABLED:-false}. Without certificates and without openssl it changes
 * nothing and says why.
 */
export const sslTestCerts = defineAction({
  type: 'ssl.test-certs',
  schema: (z) => z.strictObject({
    type: z.literal('ssl.test-certs'),
    file: z.string().min(1).describe('The test compose file, e.g. docker-compose.test.yml'),
    baseFile: z.string().min(1).optional().describe('The base compose file: a certificate mount there gives the container path'),
    service: z.string().optional().describe('The test app service (default: where the tests run)'),
    testCommand: z.string().optional(),
    makefile: z.string().min(1).default('Makefile'),
    dirs: z.array(z.string().min(1)).optional().describe(`Certificate folders to look for (default: ${CERT_DIRS.join(', ')})`),
    target: z.string().min(1).optional().describe('Path in the container (default: as mounted in the base file, else /certs)'),
    generate: z.boolean().default(true).describe('Make a self-signed pair with openssl when no certificate folder exists'),
  }),
  describe: (spec) => `mount the certificates read-only into the test app in ${spec.file}`,
  async plan(spec, ctx) {
    const ops: FileOp[] = [];
    const service = await appServiceFor(ctx.fs, { composeFile: spec.file, testCommand: spec.testCommand, service: spec.service, makefile: spec.makefile });
    let found = await findCertDir(ctx.fs, spec.dirs ?? CERT_DIRS);
    let certFile: string | undefined;
    let keyFile: string | undefined;
    if (found) {
      keyFile = keyFiles(found.files)[0];
      certFile = found.files.find((f) => f !== keyFile && /\.(pem|crt|cer)$/i.test(f));
      ctx.log(`${found.dir}/: ${found.files.length} certificate file(s) found (${found.files.join(', ')})`);
    } else {
      const dir = (spec.dirs ?? CERT_DIRS)[0];
      const why = !spec.generate ? 'generation is off (generate: false)' : opensslMissing();
      if (why) {
        ctx.log(`no certificate folder (${(spec.dirs ?? CERT_DIRS).join(', ')}) and ${why}: SSL in tests skipped`, 'warn');
        return [];
      }
      const pair = generateSelfSigned([service]);
      ops.push({ kind: 'write', path: `${dir}/cert.pem`, content: pair.cert, mode: 0o644 });
      ops.push({ kind: 'write', path: `${dir}/key.pem`, content: pair.key, mode: 0o600 });
      ctx.log(`${dir}/: self-signed pair made with openssl for localhost and ${service} (key.pem is 0600; a test certificate, not for production)`);
      found = { dir, files: ['cert.pem', 'key.pem'] };
      certFile = 'cert.pem';
      keyFile = 'key.pem';
    }
    const target = spec.target ?? (await existingTarget(ctx.fs, spec.baseFile, found.dir)) ?? '/certs';
    const r = await mountCerts(ctx.fs, spec.file, service, found.dir, target, certFile, keyFile);
    for (const n of r.notes) ctx.log(`${spec.file}: ${n}`);
    const content = Buffer.from(r.text, 'utf8');
    if (!(await ctx.fs.read(spec.file))!.equals(content)) ops.push({ kind: 'write', path: spec.file, content });
    return ops;
  },
});

/** Where the base file already mounts the certificate folder, if it does. */
async function existingTarget(fs: Parameters<typeof findCertDir>[0], baseFile: string | undefined, dir: string): Promise<string | undefined> {
  if (!baseFile || !(await fs.exists(baseFile))) return undefined;
  const model = await buildComposeModel(await loadParsed(fs, baseFile), fs, { env: {} });
  const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/$/, '');
  for (const s of model.services) {
    for (const v of Array.isArray(s.raw.volumes) ? s.raw.volumes : []) {
      if (typeof v !== 'string') continue;
      const parts = splitMount(v);
      if (parts.length >= 2 && norm(parts[0]) === norm(dir)) return parts[1];
    }
  }
  return undefined;
}
