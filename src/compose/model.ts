/**
 * The resolved analysis model of one Compose file: services after merge keys and
 * `extends` (same-file, cross-file `{file, service}` and the legacy string form),
 * interpolated with the project's env. Everything a safety check needs, nothing more.
 */
import path from 'node:path';
import { isMap, type Node, type YAMLMap } from 'yaml';
import { UserError } from '../engine/errors.js';
import { interpolate, type Env, type InterpolationProblem } from './interpolate.js';
import { isObj, mergeService, splitMount, toNamedMap } from './merge.js';
import { parseComposeText, type ParsedCompose } from './parse.js';
import { expandPortEntry, type PortBinding } from './ports.js';

export interface TextSource {
  read(relPath: string): Promise<Buffer | null>;
}

export interface Mount {
  type: 'bind' | 'volume' | 'tmpfs';
  /** Host path (bind), volume key (volume), '' (anonymous or tmpfs). */
  source: string;
  target: string;
  /** Bind source as written (before interpolation), for messages and rewrites. */
  rawSource?: string;
}

export interface EnvFileRef {
  path: string;
  required: boolean;
}

export interface Dependency {
  condition: string;
}

export interface ServiceModel {
  name: string;
  /** `file:line:col` of the service key. */
  where: string;
  /** Raw config after extends and merge keys, not interpolated. */
  raw: Record<string, unknown>;
  /** Interpolated config. */
  config: Record<string, unknown>;
  containerName?: string;
  ports: PortBinding[];
  networks: string[];
  mounts: Mount[];
  envFiles: EnvFileRef[];
  image?: string;
  build?: unknown;
  healthcheck?: Record<string, unknown>;
  dependsOn: Record<string, Dependency>;
  command?: string | string[];
  profiles: string[];
  problems: ModelProblem[];
}

export interface NamedResource {
  key: string;
  external: boolean;
  /** The explicit `name:` (interpolated), if any. */
  name?: string;
  /** Networks: `ipam.config[].subnet` as written (not interpolated). */
  rawSubnets?: string[];
}

export interface ModelProblem {
  where: string;
  service?: string;
  message: string;
  kind: InterpolationProblem['kind'] | 'invalid' | 'extends';
  variable?: string;
}

export interface ComposeModel {
  file: string;
  dir: string;
  parsed: ParsedCompose;
  /** The interpolation variables this model was built with. */
  env: Env;
  topLevelName?: string;
  services: ServiceModel[];
  networks: NamedResource[];
  volumes: NamedResource[];
  problems: ModelProblem[];
}

export interface ModelOptions {
  /** Interpolation variables (env file merged with process env, see interpolationEnv). */
  env: Env;
}

export async function loadComposeModel(source: TextSource, file: string, opts: ModelOptions): Promise<ComposeModel> {
  const parsed = await loadParsed(source, file);
  return buildComposeModel(parsed, source, opts);
}

export async function loadParsed(source: TextSource, file: string): Promise<ParsedCompose> {
  const buf = await source.read(file);
  if (buf === null) throw new UserError(`${file}: file not found`, 64, 'check the compose file path');
  return parseComposeText(buf.toString('utf8'), file);
}

/**
 * A run builds the same model many times (derive, then each check). A model depends on the
 * parsed file, the env and the files `extends` reads, so a cached one is reused only when
 * every one of those reads gives the same text again. Models are treated as read-only.
 */
const builtModels = new WeakMap<ParsedCompose, CachedModel[]>();
const MODELS_PER_FILE = 4;

interface CachedModel {
  envKey: string;
  reads: [string, string | null][];
  model: ComposeModel;
}

export async function buildComposeModel(parsed: ParsedCompose, source: TextSource, opts: ModelOptions): Promise<ComposeModel> {
  const envKey = JSON.stringify(opts.env);
  const cached = builtModels.get(parsed) ?? [];
  for (const c of cached) {
    if (c.envKey === envKey && (await readsStillHold(source, c.reads))) return c.model;
  }
  const reads: [string, string | null][] = [];
  const recording: TextSource = {
    async read(relPath) {
      const buf = await source.read(relPath);
      reads.push([relPath, buf === null ? null : buf.toString('utf8')]);
      return buf;
    },
  };
  const model = await buildUncached(parsed, recording, opts);
  // In tests a consumer that mutates a shared model fails loudly (env and parsed belong to others).
  if (process.env.VITEST) for (const [key, value] of Object.entries(model)) if (key !== 'env' && key !== 'parsed') deepFreeze(value);
  builtModels.set(parsed, [{ envKey, reads, model }, ...cached].slice(0, MODELS_PER_FILE));
  return model;
}

async function readsStillHold(source: TextSource, reads: [string, string | null][]): Promise<boolean> {
  for (const [relPath, text] of reads) {
    const buf = await source.read(relPath);
    if ((buf === null ? null : buf.toString('utf8')) !== text) return false;
  }
  return true;
}

function deepFreeze(v: unknown, seen = new Set<unknown>()): void {
  if (v === null || typeof v !== 'object' || seen.has(v) || Object.isFrozen(v)) return;
  seen.add(v);
  for (const x of Object.values(v as object)) deepFreeze(x, seen);
  Object.freeze(v);
}

async function buildUncached(parsed: ParsedCompose, source: TextSource, opts: ModelOptions): Promise<ComposeModel> {
  const file = parsed.file;
  const dir = path.posix.dirname(file);
  const js = parsed.js();
  const problems: ModelProblem[] = [];
  const rawServices = (isObj(js.services) ? js.services : {}) as Record<string, Record<string, unknown>>;
  const cache = new Map<string, ParsedCompose>([[file, parsed]]);

  const resolveExtends = async (
    fromFile: string,
    services: Record<string, Record<string, unknown>>,
    name: string,
    seen: string[],
  ): Promise<Record<string, unknown>> => {
    const key = `${fromFile}#${name}`;
    if (seen.includes(key)) throw new UserError(`${fromFile}: extends loop: ${[...seen, key].join(' → ')}`, 64);
    const svc = services[name];
    if (!isObj(svc)) throw new UserError(`${fromFile}: extends refers to service "${name}", which is not defined there`, 64);
    const ext = svc.extends;
    if (ext === undefined) return svc;
    const target = typeof ext === 'string' ? { service: ext } : (ext as { service?: string; file?: string });
    if (!target.service) throw new UserError(`${fromFile}: service ${name}: extends needs a service name`, 64);
    let baseFile = fromFile;
    let baseServices = services;
    if (target.file) {
      baseFile = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), target.file));
      let p = cache.get(baseFile);
      if (!p) {
        const buf = await source.read(baseFile);
        if (buf === null) {
          throw new UserError(`${fromFile}: service ${name} extends ${target.service} from ${baseFile}, which does not exist`, 64, 'restore that file or remove the extends');
        }
        p = parseComposeText(buf.toString('utf8'), baseFile);
        cache.set(baseFile, p);
      }
      const bjs = p.js();
      baseServices = (isObj(bjs.services) ? bjs.services : {}) as Record<string, Record<string, unknown>>;
    }
    let base = await resolveExtends(baseFile, baseServices, target.service, [...seen, key]);
    if (baseFile !== fromFile) base = rebase(base, path.posix.dirname(baseFile), path.posix.dirname(fromFile));
    const { extends: _drop, ...own } = svc;
    return mergeService(stripForExtends(base), own);
  };

  const servicesNode = (parsed.doc.contents as YAMLMap).get('services', true) as Node | undefined;
  const services: ServiceModel[] = [];
  for (const name of Object.keys(rawServices)) {
    const keyNode = isMap(servicesNode) ? servicesNode.items.find((p) => (p.key as { value?: unknown }).value === name)?.key : undefined;
    const where = (keyNode as Node | undefined)?.range ? parsed.where((keyNode as Node).range![0]) : `${file}:1:1`;
    let raw: Record<string, unknown>;
    try {
      raw = await resolveExtends(file, rawServices, name, []);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems.push({ where, service: name, message: err.message, kind: 'extends' });
      raw = { ...rawServices[name] };
      delete raw.extends;
    }
    services.push(serviceModel(name, where, raw, opts.env));
  }

  const resources = (v: unknown): NamedResource[] => {
    if (!isObj(v)) return [];
    return Object.entries(v).map(([key, def]) => {
      const d = isObj(def) ? def : {};
      const ext = d.external;
      const external = ext === true || isObj(ext) || ext === 'true';
      let name = d.name !== undefined ? interp(String(d.name), opts.env, problems, `${file}`).trim() : undefined;
      if (name === undefined && isObj(ext) && ext.name !== undefined) name = String(ext.name);
      const ipam = isObj(d.ipam) && Array.isArray(d.ipam.config) ? d.ipam.config : [];
      const rawSubnets = ipam.filter((c) => isObj(c) && c.subnet !== undefined).map((c) => String((c as Record<string, unknown>).subnet));
      return rawSubnets.length > 0 ? { key, external, name, rawSubnets } : { key, external, name };
    });
  };
  const topName = js.name !== undefined ? interp(String(js.name), opts.env, problems, file) : undefined;
  for (const s of services) problems.push(...s.problems);
  return {
    file,
    dir,
    parsed,
    env: opts.env,
    topLevelName: topName,
    services,
    networks: resources(js.networks),
    volumes: resources(js.volumes),
    problems,
  };
}

/** Keys that `extends` never copies from the base (Compose spec). */
function stripForExtends(base: Record<string, unknown>): Record<string, unknown> {
  const { depends_on: _a, links: _b, volumes_from: _c, ...rest } = base;
  return rest;
}

/** Relative paths in a service from another file are relative to that file's folder. */
function rebase(svc: Record<string, unknown>, fromDir: string, toDir: string): Record<string, unknown> {
  const fix = (p: string) => (p.startsWith('.') ? './' + path.posix.relative(toDir, path.posix.join(fromDir, p)) || '.' : p);
  const out = { ...svc };
  if (typeof out.build === 'string') out.build = fix(out.build);
  else if (isObj(out.build) && typeof out.build.context === 'string') out.build = { ...out.build, context: fix(out.build.context) };
  if (Array.isArray(out.volumes)) {
    out.volumes = out.volumes.map((v) => {
      if (typeof v === 'string') {
        const parts = splitMount(v);
        if (parts.length > 1 && parts[0].startsWith('.')) return [fix(parts[0]), ...parts.slice(1)].join(':');
        return v;
      }
      if (isObj(v) && typeof v.source === 'string' && v.source.startsWith('.')) return { ...v, source: fix(v.source) };
      return v;
    });
  }
  if (out.env_file !== undefined) {
    const list = Array.isArray(out.env_file) ? out.env_file : [out.env_file];
    out.env_file = list.map((e) => (typeof e === 'string' ? fix(e) : isObj(e) && typeof e.path === 'string' ? { ...e, path: fix(e.path) } : e));
  }
  return out;
}

function interp(text: string, env: Env, problems: ModelProblem[], where: string, service?: string): string {
  const r = interpolate(text, env);
  for (const p of r.problems) problems.push({ where, service, message: p.message, kind: p.kind, variable: p.variable });
  return r.value;
}

function deepInterpolate(v: unknown, env: Env, problems: ModelProblem[], where: string, service: string): unknown {
  if (typeof v === 'string') return interp(v, env, problems, where, service);
  if (Array.isArray(v)) return v.map((x) => deepInterpolate(x, env, problems, where, service));
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepInterpolate(x, env, problems, where, service);
    return out;
  }
  return v;
}

function serviceModel(name: string, where: string, raw: Record<string, unknown>, env: Env): ServiceModel {
  const problems: ModelProblem[] = [];
  const config = deepInterpolate(raw, env, problems, where, name) as Record<string, unknown>;
  const ports: PortBinding[] = [];
  if (Array.isArray(raw.ports)) {
    for (const entry of raw.ports) {
      // Interpolate inside expandPortEntry so problems are attributed to ports (already counted above).
      const r = expandPortEntry(entry, env);
      ports.push(...r.bindings);
      for (const m of r.invalid) problems.push({ where, service: name, message: `ports: ${m}`, kind: 'invalid' });
    }
  }
  let networks: string[] = [];
  if (config.network_mode === undefined) {
    networks = config.networks === undefined ? ['default'] : Object.keys(toNamedMap(config.networks));
  }
  const mounts: Mount[] = [];
  const rawVolumes = Array.isArray(raw.volumes) ? raw.volumes : [];
  (Array.isArray(config.volumes) ? config.volumes : []).forEach((v, i) => {
    const m = mountOf(v, rawVolumes[i]);
    if (m) mounts.push(m);
  });
  const tmpfs = config.tmpfs;
  for (const t of Array.isArray(tmpfs) ? tmpfs : typeof tmpfs === 'string' ? [tmpfs] : []) {
    mounts.push({ type: 'tmpfs', source: '', target: String(t).split(':')[0] });
  }
  const envFiles: EnvFileRef[] = [];
  const ef = config.env_file;
  for (const e of ef === undefined || ef === null ? [] : Array.isArray(ef) ? ef : [ef]) {
    if (typeof e === 'string') envFiles.push({ path: e, required: true });
    else if (isObj(e)) envFiles.push({ path: String(e.path), required: e.required !== false && e.required !== 'false' });
  }
  const dependsOn: Record<string, Dependency> = {};
  for (const [dep, d] of Object.entries(toNamedMap(config.depends_on))) {
    dependsOn[dep] = { condition: isObj(d) && d.condition ? String(d.condition) : 'service_started' };
  }
  const cmd = config.command;
  return {
    name,
    where,
    raw,
    config,
    containerName: config.container_name !== undefined ? String(config.container_name) : undefined,
    ports,
    networks,
    mounts,
    envFiles,
    image: config.image !== undefined ? String(config.image) : undefined,
    build: config.build,
    healthcheck: isObj(config.healthcheck) ? config.healthcheck : undefined,
    dependsOn,
    command: typeof cmd === 'string' ? cmd : Array.isArray(cmd) ? cmd.map(String) : undefined,
    profiles: Array.isArray(config.profiles) ? config.profiles.map(String) : [],
    problems,
  };
}

function mountOf(v: unknown, raw: unknown): Mount | null {
  if (typeof v === 'string') {
    const parts = splitMount(v);
    const rawParts = typeof raw === 'string' ? splitMount(raw) : [];
    if (parts.length === 1) return { type: 'volume', source: '', target: parts[0] };
    const src = parts[0];
    const type = isHostPath(src) ? 'bind' : 'volume';
    return { type, source: src, target: parts[1], rawSource: type === 'bind' ? rawParts[0] : undefined };
  }
  if (isObj(v)) {
    const type = (v.type === 'bind' || v.type === 'tmpfs' ? v.type : 'volume') as Mount['type'];
    const src = v.source === undefined ? '' : String(v.source);
    return { type, source: src, target: String(v.target ?? ''), rawSource: type === 'bind' && isObj(raw) ? String(raw.source) : undefined };
  }
  return null;
}

export function isHostPath(src: string): boolean {
  return src.startsWith('.') || src.startsWith('/') || src.startsWith('~') || /^[A-Za-z]:[\\/]/.test(src);
}

/** Services that cannot run on their own: no image and no build (an overlay or a fragment). */
export function incompleteServices(model: ComposeModel): ServiceModel[] {
  return model.services.filter((s) => s.raw.image === undefined && s.raw.build === undefined);
}

/** Docker's name for a project: lower-case, only [a-z0-9_-]. */
export function normaliseProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

/** The name Docker gives a network or volume of a project. */
export function dockerResourceName(project: string, r: NamedResource): string {
  if (r.name !== undefined) return r.name;
  if (r.external) return r.key;
  return `${normaliseProjectName(project)}_${r.key}`;
}
