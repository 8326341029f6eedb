/**
 * Certificates for the test stack: find the project's certificate folder, or make a
 * self-signed pair with openssl; mount the folder read-only into the test app and give it
 * `SSL_ENABLED=${SSL_ENABLED:-false}` (off unless the shell or env file turns it on).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import { UserError } from '../engine/errors.js';
import type { ProjectFs } from '../engine/project-fs.js';
import { onPath } from '../compose/engine-cli.js';
import { splitMount } from '../compose/merge.js';
import { loadParsed, type TextSource } from '../compose/model.js';
import { parseComposeText } from '../compose/parse.js';
import { pairOf, SourceEditor } from '../compose/source-edit.js';

export const CERT_DIRS = ['certs', 'ssl', 'tls', 'certificates', 'docker/certs'];
const CERT_FILE = /\.(pem|crt|cer|key)$/i;

/** The first candidate folder holding certificate files, with those files. */
export async function findCertDir(fs: ProjectFs, candidates: string[]): Promise<{ dir: string; files: string[] } | undefined> {
  for (const dir of candidates) {
    const files = (await fs.list(dir)).filter((f) => CERT_FILE.test(f));
    if (files.length > 0) return { dir, files };
  }
  return undefined;
}

/** Private key files among certificate files: `*.key`, or `*key*.pem`. */
export function keyFiles(files: string[]): string[] {
  return files.filter((f) => /\.key$/i.test(f) || /key/i.test(f) && /\.pem$/i.test(f));
}

/** Why openssl cannot be used, or undefined. */
export function opensslMissing(): string | undefined {
  return onPath('openssl') ? undefined : 'openssl is not installed, so no self-signed pair can be made (install it, or put your cert.pem and key.pem in certs/)';
}

/** A self-signed pair for localhost and the service name, valid 365 days. */
export function generateSelfSigned(hosts: string[]): { cert: Buffer; key: Buffer } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mw-ssl-'));
  try {
    const san = [...new Set(['localhost', ...hosts])].map((h) => `DNS:${h}`).join(',') + ',IP:127.0.0.1';
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '365', '-subj', '/CN=localhost', '-addext', `subjectAltName=${san}`, '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore', timeout: 60_000 });
    return { cert: readFileSync(path.join(dir, 'cert.pem')), key: readFileSync(path.join(dir, 'key.pem')) };
  } catch (err) {
    throw new UserError(`openssl could not make a self-signed pair: ${(err as Error).message.split('\n')[0]}`, 1, 'put your own cert.pem and key.pem in certs/ and run again');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface MountResult {
  text: string;
  notes: string[];
  /** The bind mount line as written, e.g. ./certs:/certs:ro */
  mount: string;
}

/** The test app's service map in a compose file, or a UserError naming the file. */
function serviceMap(ed: SourceEditor, file: string, service: string): YAMLMap {
  const services = ed.resolve(pairOf(ed.doc.contents, 'services')?.value);
  const svc = isMap(services) ? ed.resolve(services.items.find((p) => isScalar(p.key) && (p.key as Scalar).value === service)?.value) : null;
  if (!isMap(svc) || svc.flow) throw new UserError(`${file}: service ${service} is not a block mapping there`, 64, 'pass the test app service with --set ciService=<service>');
  return svc;
}

/** Add `./<dir>:<target>:ro` and the SSL_* environment to one service, unless already there. */
export async function mountCerts(source: TextSource, file: string, service: string, dir: string, target: string, certFile: string | undefined, keyFile: string | undefined): Promise<MountResult> {
  const parsed = await loadParsed(source, file);
  const notes: string[] = [];
  const mount = `./${dir}:${target}:ro`;
  // Two passes, each on freshly parsed text: edits at the same offset would otherwise interleave.
  let ed = new SourceEditor(parsed.text, parsed.doc, file);
  let svc = serviceMap(ed, file, service);
  const volumes = pairOf(svc, 'volumes');
  const vseq = ed.resolve(volumes?.value);
  const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/$/, '');
  const already = isSeq(vseq) && vseq.items.some((i) => isScalar(i) && typeof i.value === 'string' && norm(splitMount(i.value)[0]) === norm(dir));
  if (!already) {
    if (isSeq(vseq) && volumes!.value === vseq && vseq.items.length > 0) ed.appendToSeq(vseq, [mount]);
    else if (!volumes) ed.appendToMap(svc, ['volumes:', `  - ${mount}`]);
    else throw new UserError(`${file}: service ${service}'s volumes are shared through an anchor or empty; the certificate mount cannot be added safely`, 64, `add "- ${mount}" to it by hand`);
    notes.push(`service ${service}: ${mount} mounted read-only`);
  }
  const afterVolumes = ed.apply();
  const reparsed = parseComposeText(afterVolumes, file);
  ed = new SourceEditor(reparsed.text, reparsed.doc, file);
  svc = serviceMap(ed, file, service);
  const env: [string, string][] = [['SSL_ENABLED', '${SSL_ENABLED:-false}']];
  if (certFile) env.push(['SSL_CERT_FILE', `${target}/${certFile}`]);
  if (keyFile) env.push(['SSL_KEY_FILE', `${target}/${keyFile}`]);
  const envPair = pairOf(svc, 'environment');
  const envNode = ed.resolve(envPair?.value);
  if (isMap(envNode) && envPair!.value === envNode && !envNode.flow) {
    const missing = env.filter(([k]) => !pairOf(envNode, k));
    if (missing.length > 0) ed.appendToMap(envNode, missing.map(([k, v]) => `${k}: "${v}"`));
  } else if (isSeq(envNode) && envPair!.value === envNode && envNode.items.length > 0) {
    const have = new Set(envNode.items.map((i) => String((i as Scalar).value).split('=')[0]));
    const missing = env.filter(([k]) => !have.has(k));
    if (missing.length > 0) ed.appendToSeq(envNode, missing.map(([k, v]) => `"${k}=${v}"`));
  } else if (!envPair) {
    ed.appendToMap(svc, ['environment:', ...env.map(([k, v]) => `  ${k}: "${v}"`)]);
  } else {
    throw new UserError(`${file}: service ${service}'s environment is written in a way that cannot be extended safely`, 64, 'add SSL_ENABLED: "${SSL_ENABLED:-false}" by hand');
  }
  return { text: ed.apply(), notes, mount };
}
