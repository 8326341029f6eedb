import { existsSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type YAMLMap } from 'yaml';
import { readEnvFile } from './env-files.js';
import { readText } from './read.js';
import { interpolate as composeInterpolate } from '../compose/interpolate.js';
import { expandPortEntry, type PortBinding as ExpandedBinding } from '../compose/ports.js';

/**
 * A minimal Compose reader for the audit: services with the fields the audit reports, each
 * with its line number, values interpolated from the project's `.env`. Merge keys are resolved
 * for analysis only (`toJS({merge: true})`); line numbers come from the document itself.
 */
export interface PortBinding {
  /** As written, e.g. "${API_PORT:-8000}:8000". */
  raw: string;
  /** Host IP after interpolation; '' means all interfaces. */
  hostIp: string;
  /** Host port range after interpolation; null when none is published or a variable is unset. */
  host: [number, number] | null;
  container: string;
  protocol: string;
  line: number;
  /** Variables in `raw` that had neither a value nor a default. */
  unresolved: string[];
  /** One binding per port of a range, as the compose library expands them (for clash checks). */
  bindings: ExpandedBinding[];
}

export interface VolumeMount {
  raw: string;
  type: 'bind' | 'volume' | 'tmpfs' | 'other';
  /** Interpolated source (bind path or volume name). */
  source: string;
  target: string;
  line: number;
  unresolved: string[];
}

export interface ComposeService {
  name: string;
  line: number;
  containerName: { value: string; raw: string; line: number } | null;
  image: string | null;
  build: { context: string; dockerfile: string | null; target: string | null } | null;
  ports: PortBinding[];
  networks: string[];
  volumes: VolumeMount[];
  /** 'yes', 'disabled', or 'no' (none defined here or via extends). */
  healthcheck: 'yes' | 'disabled' | 'no';
  dependsOn: { service: string; condition: string | null; line: number }[];
  profiles: string[];
  /** command/entrypoint as one string, with its line. */
  commands: { text: string; line: number }[];
  extends: { service: string; file: string | null; line: number } | null;
}

export interface ComposeFile {
  rel: string;
  services: ComposeService[];
  /** Parse problems, reported as notes rather than aborting the audit. */
  errors: string[];
  /** Where interpolation values came from ('.env', '.env.example', or null). */
  envSource: string | null;
}

type Env = Map<string, string>;

/** Compose interpolation, delegated to the compose library (nested defaults, `$$`, `?err`). */
export function interpolate(s: string, env: Env): { value: string; unresolved: string[] } {
  const r = composeInterpolate(s, Object.fromEntries(env));
  return { value: r.value, unresolved: r.problems.filter((p) => p.kind !== 'syntax').map((p) => p.variable) };
}

/** Values for interpolation: the project's `.env`, else a committed template as the likely values. */
function loadEnv(root: string, dirRel: string): { env: Env; source: string | null } {
  for (const name of ['.env', '.env.example', '.env.sample', '.env.template', '.env.dist']) {
    const rel = dirRel ? `${dirRel}/${name}` : name;
    const parsed = readEnvFile(path.join(root, rel));
    if (parsed) return { env: parsed.values, source: rel };
  }
  return { env: new Map(), source: null };
}

class Lines {
  constructor(private readonly lc: LineCounter) {}
  of(node: unknown): number {
    const r = (node as { range?: [number, number, number] } | null)?.range;
    return r ? this.lc.linePos(r[0]).line : 0;
  }
}

function pairOf(map: unknown, key: string): { key: unknown; value: unknown } | null {
  if (!isMap(map)) return null;
  for (const p of (map as YAMLMap).items) {
    if (isScalar(p.key) && String(p.key.value) === key) return p as { key: unknown; value: unknown };
  }
  return null;
}

const cache = new Map<string, { doc: Document; lines: Lines; js: Record<string, unknown> } | null>();

function load(abs: string): { doc: Document; lines: Lines; js: Record<string, unknown> } | null {
  if (cache.has(abs)) return cache.get(abs)!;
  const text = readText(abs);
  let result = null;
  if (text !== null) {
    const lc = new LineCounter();
    // Real files repeat keys (the corpus has one); Compose takes the last, so do we.
    const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, merge: true, prettyErrors: false });
    let js: unknown = {};
    try {
      js = doc.toJS({ merge: true, maxAliasCount: 10_000 }) ?? {};
    } catch {
      js = {};
    }
    result = { doc, lines: new Lines(lc), js: (js && typeof js === 'object' ? js : {}) as Record<string, unknown> };
  }
  cache.set(abs, result);
  return result;
}

export function clearComposeCache(): void {
  cache.clear();
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'object' ? null : String(v));

export function readCompose(root: string, rel: string): ComposeFile {
  const abs = path.join(root, rel);
  const dirRel = path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel);
  const loaded = load(abs);
  const { env, source } = loadEnv(root, dirRel);
  if (!loaded) return { rel, services: [], errors: ['could not read the file'], envSource: source };
  const { doc, lines, js } = loaded;
  const errors = doc.errors.map((e) => `${rel}:${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`);
  const servicesNode = pairOf(doc.contents, 'services')?.value;
  const servicesJs = (js.services && typeof js.services === 'object' ? js.services : {}) as Record<string, Record<string, unknown>>;
  const services: ComposeService[] = [];
  for (const [name, rawSvc] of Object.entries(servicesJs)) {
    const svc = (rawSvc && typeof rawSvc === 'object' ? rawSvc : {}) as Record<string, unknown>;
    const svcPair = pairOf(servicesNode, name);
    const svcLine = lines.of(svcPair?.key);
    const lineOf = (key: string): number => lines.of(pairOf(svcPair?.value, key)?.key) || svcLine;
    /** Line of the n-th item of a list field, falling back to the field itself. */
    const itemLine = (key: string, i: number): number => {
      const v = pairOf(svcPair?.value, key)?.value;
      if (isSeq(v) && v.items[i]) return lines.of(v.items[i]) || lineOf(key);
      return lineOf(key);
    };
    const ip = (s: string) => interpolate(s, env);

    let containerName: ComposeService['containerName'] = null;
    const cn = str(svc.container_name);
    if (cn !== null) containerName = { value: ip(cn).value, raw: cn, line: lineOf('container_name') };

    let build: ComposeService['build'] = null;
    if (typeof svc.build === 'string') build = { context: ip(svc.build).value, dockerfile: null, target: null };
    else if (svc.build && typeof svc.build === 'object') {
      const b = svc.build as Record<string, unknown>;
      build = { context: ip(str(b.context) ?? '.').value, dockerfile: str(b.dockerfile) ? ip(str(b.dockerfile)!).value : null, target: str(b.target) };
    }

    const ports: PortBinding[] = [];
    if (Array.isArray(svc.ports)) {
      svc.ports.forEach((p, i) => {
        const binding = parsePort(p, ip);
        const expanded = expandPortEntry(p, Object.fromEntries(env));
        if (binding) ports.push({ ...binding, bindings: expanded.bindings, line: itemLine('ports', i) });
      });
    }

    const volumes: VolumeMount[] = [];
    if (Array.isArray(svc.volumes)) {
      const volNode = pairOf(svcPair?.value, 'volumes')?.value;
      svc.volumes.forEach((v, i) => {
        const m = parseVolume(v, ip);
        // Long syntax: point at the `source:` line, which is what would change.
        const item = isSeq(volNode) ? volNode.items[i] : undefined;
        const sourceLine = lines.of(pairOf(item, 'source')?.key);
        if (m) volumes.push({ ...m, line: sourceLine || itemLine('volumes', i) });
      });
    }

    let networks: string[] = [];
    if (Array.isArray(svc.networks)) networks = svc.networks.map(String);
    else if (svc.networks && typeof svc.networks === 'object') networks = Object.keys(svc.networks);
    if (typeof svc.network_mode === 'string') networks.push(`mode:${svc.network_mode}`);

    const dependsOn: ComposeService['dependsOn'] = [];
    const depNode = pairOf(svcPair?.value, 'depends_on')?.value;
    if (Array.isArray(svc.depends_on)) {
      svc.depends_on.forEach((d, i) => dependsOn.push({ service: String(d), condition: null, line: isSeq(depNode) && depNode.items[i] ? lines.of(depNode.items[i]) : lineOf('depends_on') }));
    } else if (svc.depends_on && typeof svc.depends_on === 'object') {
      for (const [dep, spec] of Object.entries(svc.depends_on as Record<string, unknown>)) {
        const cond = spec && typeof spec === 'object' ? str((spec as Record<string, unknown>).condition) : null;
        dependsOn.push({ service: dep, condition: cond, line: lines.of(pairOf(depNode, dep)?.key) || lineOf('depends_on') });
      }
    }

    let healthcheck: ComposeService['healthcheck'] = 'no';
    if (svc.healthcheck && typeof svc.healthcheck === 'object') {
      const h = svc.healthcheck as Record<string, unknown>;
      const test = h.test;
      healthcheck = h.disable === true || (Array.isArray(test) && String(test[0]).toUpperCase() === 'NONE') ? 'disabled' : 'yes';
    }

    const commands: ComposeService['commands'] = [];
    for (const key of ['command', 'entrypoint']) {
      const c = svc[key];
      if (c === undefined || c === null) continue;
      commands.push({ text: Array.isArray(c) ? c.map(String).join(' ') : String(c), line: lineOf(key) });
    }

    let ext: ComposeService['extends'] = null;
    if (typeof svc.extends === 'string') ext = { service: svc.extends, file: null, line: lineOf('extends') };
    else if (svc.extends && typeof svc.extends === 'object') {
      const e = svc.extends as Record<string, unknown>;
      ext = { service: String(e.service ?? ''), file: str(e.file), line: lineOf('extends') };
    }

    services.push({
      name,
      line: svcLine,
      containerName,
      image: str(svc.image) ? ip(str(svc.image)!).value : null,
      build,
      ports,
      networks,
      volumes,
      healthcheck,
      dependsOn,
      profiles: Array.isArray(svc.profiles) ? svc.profiles.map(String) : [],
      commands,
      extends: ext,
    });
  }
  const file: ComposeFile = { rel, services, errors, envSource: source };
  resolveExtends(root, file, new Set([rel]));
  return file;
}

/** Fill in what a service inherits through `extends` (same file or another file). */
function resolveExtends(root: string, file: ComposeFile, seen: Set<string>): void {
  const byName = new Map(file.services.map((s) => [s.name, s]));
  const dirRel = path.posix.dirname(file.rel);
  const done = new Set<string>();
  const visit = (s: ComposeService, depth: number): void => {
    if (!s.extends || done.has(s.name) || depth > 10) return;
    done.add(s.name);
    let base: ComposeService | undefined;
    if (s.extends.file) {
      const otherRel = path.posix.normalize(path.posix.join(dirRel, s.extends.file));
      if (!seen.has(otherRel) && existsSync(path.join(root, otherRel))) {
        const other = readCompose(root, otherRel);
        base = other.services.find((o) => o.name === s.extends!.service);
      }
    } else {
      base = byName.get(s.extends.service);
      if (base) visit(base, depth + 1);
    }
    if (!base) return;
    const line = s.extends.line;
    if (s.healthcheck === 'no') s.healthcheck = base.healthcheck;
    s.image ??= base.image;
    s.build ??= base.build;
    if (!s.containerName && base.containerName) s.containerName = { ...base.containerName, line };
    if (s.ports.length === 0) s.ports = base.ports.map((p) => ({ ...p, line }));
    if (s.commands.length === 0) s.commands = base.commands.map((c) => ({ ...c, line }));
  };
  for (const s of file.services) visit(s, 0);
}

function parsePort(p: unknown, ip: (s: string) => { value: string; unresolved: string[] }): Omit<PortBinding, 'line' | 'bindings'> | null {
  if (p && typeof p === 'object') {
    const o = p as Record<string, unknown>;
    const rawParts = [str(o.host_ip), str(o.published), str(o.target)];
    const raw = JSON.stringify(o);
    const unresolved: string[] = [];
    const get = (v: string | null) => {
      if (v === null) return '';
      const r = ip(v);
      unresolved.push(...r.unresolved);
      return r.value;
    };
    const hostIp = get(rawParts[0]!);
    const published = get(rawParts[1]!);
    return { raw, hostIp: normIp(hostIp), host: parseRange(published), container: get(rawParts[2]!), protocol: str(o.protocol) ?? 'tcp', unresolved };
  }
  const raw = str(p);
  if (raw === null) return null;
  const { value, unresolved } = ip(raw);
  let rest = value.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1) || 'tcp';
    rest = rest.slice(0, slash);
  }
  let hostIp = '';
  const v6 = rest.match(/^\[([^\]]*)\]:(.*)$/);
  if (v6) {
    hostIp = v6[1]!;
    rest = v6[2]!;
  }
  const parts = rest.split(':');
  let hostPart = '';
  let container = parts[parts.length - 1]!;
  if (parts.length === 2) hostPart = parts[0]!;
  else if (parts.length >= 3) {
    hostIp = parts.slice(0, -2).join(':');
    hostPart = parts[parts.length - 2]!;
  }
  // A variable that expanded to nothing where a host port was written: unknown, not "none".
  const host = hostPart === '' ? null : parseRange(hostPart);
  return { raw, hostIp: normIp(hostIp), host, container, protocol, unresolved };
}

function normIp(s: string): string {
  const v = s.trim();
  return v === '0.0.0.0' || v === '::' || v === '*' ? '' : v;
}

function parseRange(s: string): [number, number] | null {
  const m = s.trim().match(/^(\d+)(?:-(\d+))?$/);
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return a > 0 && b >= a ? [a, b] : null;
}

function parseVolume(v: unknown, ip: (s: string) => { value: string; unresolved: string[] }): Omit<VolumeMount, 'line'> | null {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const type = str(o.type) ?? 'volume';
    const src = ip(str(o.source) ?? '');
    return {
      raw: JSON.stringify(o),
      type: type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other',
      source: src.value,
      target: str(o.target) ?? '',
      unresolved: src.unresolved,
    };
  }
  const raw = str(v);
  if (raw === null) return null;
  const { value, unresolved } = ip(raw);
  // Windows drive letters (C:\x:/y) are rare in compose files; split on ':' otherwise.
  const parts = value.split(':');
  if (parts.length === 1) return { raw, type: 'volume', source: '', target: parts[0]!, unresolved };
  const source = parts[0]!;
  const isBind = /^[./~]/.test(source) || source === '' && unresolved.length > 0;
  return { raw, type: isBind ? 'bind' : 'volume', source, target: parts[1] ?? '', unresolved };
}
