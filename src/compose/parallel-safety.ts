/**
 * The static parallel-safety proof: for two or more Compose projects (file + env + `-p` name),
 * container names, host ports (per host IP), non-external networks and non-external volumes
 * must be disjoint. Every conflict names the file and service on both sides. Also the
 * single-file defect check for bind mounts whose host source is missing.
 */
import path from 'node:path';
import { interpolate } from './interpolate.js';
import { isObj } from './merge.js';
import { dockerResourceName, normaliseProjectName, type ComposeModel, type NamedResource } from './model.js';
import { bindingsClash, type PortBinding } from './ports.js';

export interface SafetyInput {
  model: ComposeModel;
  project: string;
}

export type ConflictKind = 'project-name' | 'container-name' | 'host-port' | 'network' | 'volume' | 'subnet';

export interface Finding {
  kind: ConflictKind;
  message: string;
}

export interface SafetyReport {
  /** Proven clashes: these projects cannot run at the same time. */
  conflicts: Finding[];
  /** Things that could not be proven (unset variables in names or ports). */
  unproven: Finding[];
  /** Shared on purpose (external networks/volumes): reported, not failed. */
  shared: string[];
}

interface Owned<T> {
  value: T;
  file: string;
  service?: string;
  project: string;
}

export function checkParallelSafety(inputs: SafetyInput[]): SafetyReport {
  const conflicts: Finding[] = [];
  const unproven: Finding[] = [];
  const shared: string[] = [];
  const names: Owned<string>[][] = [];
  const ports: Owned<PortBinding>[][] = [];
  const networks: Owned<string>[][] = [];
  const volumes: Owned<string>[][] = [];
  const subnets: Owned<string>[][] = [];

  for (const { model, project } of inputs) {
    const file = model.file;
    const n: Owned<string>[] = [];
    const p: Owned<PortBinding>[] = [];
    for (const s of model.services) {
      const rawName = s.raw.container_name;
      if (rawName !== undefined) {
        const r = interpolate(String(rawName), model.env);
        for (const pr of r.problems) if (pr.kind !== 'syntax') unproven.push({ kind: 'container-name', message: `${file} service ${s.name}: container_name: ${pr.message} (set it in the env file)` });
        n.push({ value: r.value, file, service: s.name, project });
      }
      if (Array.isArray(s.raw.ports)) {
        for (const entry of s.raw.ports) {
          const texts = typeof entry === 'string' ? [entry] : isObj(entry) ? [entry.published, entry.host_ip].filter((x) => x !== undefined).map(String) : [];
          for (const t of texts) {
            for (const pr of interpolate(t, model.env).problems) {
              if (pr.kind !== 'syntax') unproven.push({ kind: 'host-port', message: `${file} service ${s.name}: port "${t}": ${pr.message} (set it in the env file)` });
            }
          }
        }
      }
      for (const b of s.ports) if (b.hostPort !== null) p.push({ value: b, file, service: s.name, project });
      if (s.config.network_mode === 'host') {
        unproven.push({ kind: 'host-port', message: `${file} service ${s.name}: network_mode: host listens on host ports that are not declared; two copies will likely clash` });
      }
    }
    names.push(n);
    ports.push(p);
    const usedNetworks = new Set(model.services.flatMap((s) => s.networks));
    const declared = new Map(model.networks.map((r) => [r.key, r]));
    if (usedNetworks.has('default') && !declared.has('default')) declared.set('default', { key: 'default', external: false });
    networks.push(resourceNames([...declared.values()], project, file, shared, 'network'));
    // Docker refuses a second network whose subnet overlaps one that exists ("Pool overlaps").
    const sn: Owned<string>[] = [];
    for (const r of declared.values()) {
      if (r.external) continue;
      for (const raw of r.rawSubnets ?? []) {
        const it = interpolate(raw, model.env);
        for (const pr of it.problems) if (pr.kind !== 'syntax') unproven.push({ kind: 'subnet', message: `${file} network ${r.key}: subnet "${raw}": ${pr.message} (set it in the env file)` });
        if (it.value.trim() !== '') sn.push({ value: it.value.trim(), file, service: `network ${r.key}`, project });
      }
    }
    subnets.push(sn);
    volumes.push(resourceNames(model.volumes, project, file, shared, 'volume'));
  }

  for (let i = 0; i < inputs.length; i++) {
    for (let j = i + 1; j < inputs.length; j++) {
      const a = inputs[i];
      const b = inputs[j];
      if (normaliseProjectName(a.project) === normaliseProjectName(b.project)) {
        conflicts.push({
          kind: 'project-name',
          message: `${a.model.file} and ${b.model.file} both use project name "${a.project}"; give each its own -p`,
        });
      }
      for (const x of names[i]) for (const y of names[j]) {
        if (x.value === y.value) conflicts.push({ kind: 'container-name', message: `container name "${x.value}": ${who(x)} and ${who(y)}` });
      }
      for (const x of ports[i]) for (const y of ports[j]) {
        if (bindingsClash(x.value, y.value)) {
          conflicts.push({ kind: 'host-port', message: `host port ${describePort(x.value)}: ${who(x)} and ${describePort(y.value)} in ${who(y)}` });
        }
      }
      for (const x of networks[i]) for (const y of networks[j]) {
        if (x.value === y.value) conflicts.push({ kind: 'network', message: `network "${x.value}": ${x.file} and ${y.file} (non-external; rename one or drop its name: so -p isolates it)` });
      }
      for (const x of subnets[i]) for (const y of subnets[j]) {
        if (subnetsOverlap(x.value, y.value)) {
          conflicts.push({ kind: 'subnet', message: `subnet ${x.value} (${x.file} ${x.service}) overlaps ${y.value} (${y.file} ${y.service}); Docker refuses the second network` });
        }
      }
      for (const x of volumes[i]) for (const y of volumes[j]) {
        if (x.value === y.value) conflicts.push({ kind: 'volume', message: `volume "${x.value}": ${x.file} and ${y.file} (non-external; rename one or drop its name: so -p isolates it)` });
      }
    }
  }
  return { conflicts, unproven: dedupe(unproven), shared: [...new Set(shared)] };
}

function resourceNames(rs: NamedResource[], project: string, file: string, shared: string[], what: string): Owned<string>[] {
  const out: Owned<string>[] = [];
  for (const r of rs) {
    if (r.external) shared.push(`${file}: external ${what} "${dockerResourceName(project, r)}" is shared on purpose`);
    else out.push({ value: dockerResourceName(project, r), file, project });
  }
  return out;
}

function who(o: Owned<unknown>): string {
  return o.service ? `${o.file} service ${o.service}` : o.file;
}

function describePort(b: PortBinding): string {
  return `${b.hostIp || '0.0.0.0'}:${b.hostPort}/${b.protocol}`;
}

function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => (seen.has(f.message) ? false : (seen.add(f.message), true)));
}

export interface BindDefect {
  service: string;
  /** Project-relative path of the missing host source. */
  source: string;
  target: string;
  /** True when the mount looks like a file mount (Docker would create a directory instead: a defect). */
  fileLike: boolean;
  message: string;
}

/**
 * Bind mounts whose host source does not exist, relative to the compose file's folder.
 * A missing *file* source (`./.env:/app/.env`) is a defect: Docker creates a directory in its
 * place and `COPY . .` bakes it into the image. A missing data directory is only noted.
 */
export async function missingBindSources(model: ComposeModel, pathExists: (rel: string) => Promise<boolean>): Promise<BindDefect[]> {
  const out: BindDefect[] = [];
  // Many services mount the same folders: ask about each path once.
  const known = new Map<string, Promise<boolean>>();
  const exists = (rel: string) => known.get(rel) ?? known.set(rel, pathExists(rel)).get(rel)!;
  for (const s of model.services) {
    for (const m of s.mounts) {
      if (m.type !== 'bind' || !m.source.startsWith('.')) continue; // absolute and ~ paths are host-specific
      if (m.rawSource !== undefined && interpolate(m.rawSource, model.env).problems.length > 0) continue;
      const rel = path.posix.normalize(path.posix.join(model.dir, m.source));
      if (rel.startsWith('..')) continue;
      if (await exists(rel)) continue;
      const fileLike = looksLikeFile(m.target) || looksLikeFile(m.source);
      out.push({
        service: s.name,
        source: rel,
        target: m.target,
        fileLike,
        message: fileLike
          ? `${model.file} service ${s.name}: bind mount source ${m.source} (→ ${m.target}) does not exist; Docker would create a directory in its place`
          : `${model.file} service ${s.name}: bind mount folder ${m.source} does not exist yet; Docker will create it`,
      });
    }
  }
  return out;
}

function looksLikeFile(p: string): boolean {
  const base = p.split(/[\\/]/).filter(Boolean).pop() ?? '';
  return base.startsWith('.env') || /^[^.].*\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(base);
}

/** Do two CIDR blocks overlap? IPv4 by arithmetic; anything else only when written the same. */
export function subnetsOverlap(a: string, b: string): boolean {
  const pa = cidr4(a);
  const pb = cidr4(b);
  if (!pa || !pb) return a.toLowerCase() === b.toLowerCase();
  return pa.start <= pb.end && pb.start <= pa.end;
}

function cidr4(c: string): { start: number; end: number } | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(c.trim());
  if (!m) return null;
  const ip = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  const size = 2 ** (32 - bits);
  const start = Math.floor(ip / size) * size;
  return { start, end: start + size - 1 };
}
