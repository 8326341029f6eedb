/**
 * A standalone docker-compose.test.yml: from the base file, or from an existing test file
 * (used as is when it is complete, merged onto the base when it is an overlay). Container
 * names and explicit resource names get `-test`, env files become `.env.test`, host ports move
 * to free ports disjoint from dev, database data goes on tmpfs, known images get healthchecks
 * that dependants wait for, keep-alive commands go. Source splices only (see source-edit.ts).
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { UserError } from '../engine/errors.js';
import {
  assertStandalone,
  dropTopLevelName,
  isServiceLevel,
  mapEnvReferences,
  suffixContainerNames,
  suffixResourceNames,
  walkPairs,
} from './derive-common.js';
import { assertSameFolder, type DeriveResult } from './derive-dev.js';
import { isPortFreeByBinding, type IsPortFree } from './free-port.js';
import { interpolate, type Env } from './interpolate.js';
import { mountTarget } from './merge.js';
import { buildComposeModel, incompleteServices, loadParsed, type ComposeModel, type TextSource } from './model.js';
import { parseComposeText, type ParsedCompose } from './parse.js';
import { mergeOverlayText } from './overlay-merge.js';
import { bindingsClash, parseShortPort, splitRawShortPort, joinRawShortPort, type PortBinding } from './ports.js';
import { collectComments, pairOf, SourceEditor } from './source-edit.js';
import { DATA_DIRS, healthcheckLines, imageKind, keepAliveReason } from './test-services.js';

export interface DeriveTestOptions {
  suffix?: string;
  /** The existing test compose file, if any. */
  overlay?: string;
  /** Default: `.env` and `.env.dev` → `.env.test`. */
  envMap?: Record<string, string>;
  project?: string;
  to?: string;
  /** Interpolation values for the test stack (from .env.test). */
  env?: Env;
  /** Host bindings the test ports must avoid (dev's, after interpolation). */
  avoid?: PortBinding[];
  isPortFree?: IsPortFree;
  /** The current output file's text, so a re-run keeps the ports it chose (idempotence). */
  previous?: string;
  /** First candidate = original port + offset. Default 10000. */
  portOffset?: number;
}

export interface PortMove {
  service: string;
  from: string;
  to: string;
}

export interface DeriveTestResult extends DeriveResult {
  ports: PortMove[];
}

export async function deriveTest(source: TextSource, from: string, opts: DeriveTestOptions = {}): Promise<DeriveTestResult> {
  const suffix = opts.suffix ?? '-test';
  const envMap = opts.envMap ?? { '.env': '.env.test', '.env.dev': '.env.test' };
  const project = opts.project ?? `<name>${suffix}`;
  const env = opts.env ?? {};
  const notes: string[] = [];
  assertSameFolder(from, opts.to);
  if (opts.overlay) assertSameFolder(from, opts.overlay);

  // 1. Which text is the test stack made from?
  let parsed: ParsedCompose;
  let sources: string[];
  if (opts.overlay) {
    const overlay = await loadParsed(source, opts.overlay);
    const overlayModel = await buildComposeModel(overlay, source, { env });
    if (incompleteServices(overlayModel).length === 0 && !overlayModel.problems.some((p) => p.kind === 'extends')) {
      parsed = overlay;
      sources = [opts.overlay];
      notes.push(`${opts.overlay} is a complete project on its own: it is the test stack's source (${from} is not merged in)`);
    } else {
      const baseBuf = await source.read(from);
      if (baseBuf === null) {
        const first = incompleteServices(overlayModel)[0];
        throw new UserError(
          `${first?.where ?? opts.overlay}: ${opts.overlay} is an overlay (service ${first?.name ?? '?'} has no image or build), and its base file ${from} does not exist`,
          64,
          'restore the base compose file, or pass a complete test file',
        );
      }
      const base = parseComposeText(baseBuf.toString('utf8'), from);
      const merged = mergeOverlayText(base, overlay);
      notes.push(`${opts.overlay} is an overlay: merged onto ${from} so every service is fully defined`, ...merged.notes);
      parsed = parseComposeText(keepMissingComments(merged.text, [base.text, overlay.text], 'merged files'), opts.to ?? opts.overlay);
      sources = [from, opts.overlay];
    }
  } else {
    parsed = await loadParsed(source, from);
    sources = [from];
  }
  const model = await buildComposeModel(parsed, source, { env });
  assertStandalone(model);

  const ed = new SourceEditor(parsed.text, parsed.doc, parsed.file);
  dropTopLevelName(ed, notes, project);
  notes.push(`${suffixContainerNames(ed, suffix)} container_name value(s) suffixed with ${suffix}`);
  suffixResourceNames(ed, suffix, notes);
  internaliseExternalVolumes(ed, suffix, notes);
  mapEnvReferences(ed, envMap, notes);
  const ports = await remapPorts(ed, parsed, model, opts, notes);
  databaseEdits(ed, parsed, model, notes);
  notes.push(`networks without an explicit name are the test project's own (-p ${project})`);

  const text = keepMissingComments(ed.apply(), [parsed.text], parsed.file);
  return { text, notes, sources, ports };
}

/** External volumes hold dev's data; the test stack gets its own (networks stay shared: they are infrastructure). */
function internaliseExternalVolumes(ed: SourceEditor, suffix: string, notes: string[]): void {
  const top = ed.resolve(pairOf(ed.doc.contents, 'volumes')?.value);
  if (isMap(top)) {
    for (const p of top.items) {
      const def = ed.resolve(p.value);
      const ext = pairOf(def, 'external');
      if (!isMap(def) || !ext) continue;
      const key = String((p.key as Scalar).value);
      if (def.flow) {
        notes.push(`volume ${key} is external and written as {...}: left shared with dev; write it in block style to give test its own`);
        continue;
      }
      ed.removePair(ext);
      const name = pairOf(def, 'name');
      if (name && isScalar(name.value)) ed.suffixScalar(name.value as Scalar, suffix);
      if (def.items.length === 1) ed.insert(ed.lineEnd((p.key as Node).range![1]), ' {}');
      notes.push(`volume ${key} was external (dev's data): the test stack gets its own empty volume`);
    }
  }
  const nets = ed.resolve(pairOf(ed.doc.contents, 'networks')?.value);
  if (isMap(nets)) {
    for (const p of nets.items) {
      const def = ed.resolve(p.value);
      if (isMap(def) && pairOf(def, 'external')) notes.push(`network ${String((p.key as Scalar).value)} is external: test joins it too (shared infrastructure)`);
    }
  }
}

async function remapPorts(ed: SourceEditor, parsed: ParsedCompose, model: ComposeModel, opts: DeriveTestOptions, notes: string[]): Promise<PortMove[]> {
  const env = opts.env ?? {};
  const isFree = opts.isPortFree ?? isPortFreeByBinding;
  const offset = opts.portOffset ?? 10000;
  const avoid = opts.avoid ?? [];
  const taken: PortBinding[] = [];
  const chosen = new Map<string, number>();
  const moves: PortMove[] = [];
  const previous = opts.previous ? previousPorts(opts.previous) : new Map<string, string>();

  const clashes = (b: PortBinding) => avoid.some((a) => bindingsClash(a, b)) || taken.some((a) => bindingsClash(a, b));

  const pick = async (key: string, hostIp: string, protocol: string, count: number, start: number, prev?: number): Promise<number> => {
    const known = chosen.get(key);
    if (known !== undefined) return known;
    const block = (c: number) => Array.from({ length: count }, (_, i) => ({ hostIp, hostPort: c + i, containerPort: 0, protocol }));
    const ok = async (c: number, probe: boolean) => {
      if (c < 1024 || c + count - 1 > 65535) return false;
      const bs = block(c);
      if (bs.some(clashes)) return false;
      if (probe) for (const b of bs) if (!(await isFree(b.hostPort!, hostIp))) return false;
      return true;
    };
    let found: number | undefined;
    // A port this file got last time is ours (its container may be running now), so keep it without probing.
    if (prev !== undefined && (await ok(prev, false))) found = prev;
    for (let tries = 0, c = start; found === undefined && tries < 5000; tries++, c = c + count > 65535 ? 20000 : c + count) {
      if (await ok(c, true)) found = c;
    }
    if (found === undefined) throw new UserError(`no free host port found for ${key}`, 1, 'free some ports or pass another port offset');
    taken.push(...block(found));
    chosen.set(key, found);
    return found;
  };

  const startFor = (orig: number | undefined, container: number, count: number) => {
    const base = orig ?? container;
    const s = base + offset;
    return s + count - 1 <= 65535 ? s : 20000 + (base % 10000);
  };

  const jobs: { pair: Pair; path: string[] }[] = [];
  walkPairs(parsed.doc.contents, ({ pair, path }) => {
    if (isServiceLevel(path, 'ports') && isSeq(pair.value)) jobs.push({ pair, path });
  });
  for (const { pair, path } of jobs) {
    const service = path[0] === 'services' ? path[1] : path[0];
    const seq = pair.value as YAMLSeq;
    for (let idx = 0; idx < seq.items.length; idx++) {
      const item = seq.items[idx] as Node;
      const prevText = previous.get(`${path.join('.')}#${idx}`);
      if (isScalar(item) && typeof item.value === 'string') {
        const raw = item.value;
        const parts = splitRawShortPort(raw);
        if (parts.hostPort === null || parts.hostPort.trim() === '') continue;
        const ip = interpolate(parts.hostIp ?? '', env).value;
        let bindings: PortBinding[];
        try {
          bindings = parseShortPort(interpolate(raw, env).value);
        } catch {
          bindings = [];
        }
        const containers = safeRange(interpolate(parts.container, env).value);
        const count = Math.max(1, containers.length);
        const proto = parts.protocol.replace('/', '') || 'tcp';
        const origPort = bindings.find((b) => b.hostPort !== null)?.hostPort ?? undefined;
        const hostIp = bindings[0]?.hostIp ?? normaliseIp(ip);
        const key = `${hostIp}|${parts.hostPort}|${proto}|${parts.container}`;
        const prevPort = prevText ? Number(splitRawShortPort(prevText).hostPort?.split('-')[0]) : undefined;
        const port = await pick(key, hostIp, proto, count, startFor(origPort ?? undefined, containers[0] ?? 1024, count), Number.isFinite(prevPort) ? prevPort : undefined);
        const hostText = count > 1 ? `${port}-${port + count - 1}` : String(port);
        const next = joinRawShortPort({ ...parts, hostPort: hostText });
        ed.setScalar(item as Scalar, next);
        moves.push({ service, from: raw, to: next });
      } else if (isMap(item)) {
        const pub = pairOf(item, 'published');
        if (!pub || !isScalar(pub.value) || pub.value.value === null || String(pub.value.value).trim() === '') continue;
        const rawPub = String(pub.value.value);
        const js = item.toJSON() as Record<string, unknown>;
        const hostIp = normaliseIp(interpolate(String(js.host_ip ?? ''), env).value);
        const proto = String(js.protocol ?? 'tcp');
        const pubRange = safeRange(interpolate(rawPub, env).value);
        const target = safeRange(interpolate(String(js.target ?? ''), env).value);
        const count = Math.max(1, pubRange.length, target.length > 1 ? target.length : 1);
        const key = `${hostIp}|${rawPub}|${proto}|${String(js.target)}`;
        const prevPort = prevText !== undefined ? Number(prevText.split('-')[0]) : undefined;
        const port = await pick(key, hostIp, proto, count, startFor(pubRange[0], target[0] ?? 1024, count), Number.isFinite(prevPort) ? prevPort : undefined);
        const value = count > 1 ? `${port}-${port + count - 1}` : port;
        ed.setScalar(pub.value as Scalar, value);
        moves.push({ service, from: `published ${rawPub}`, to: `published ${value}` });
      }
    }
  }
  if (moves.length > 0) notes.push(`${moves.length} host port mapping(s) moved to free ports: ${moves.map((m) => `${m.service} ${m.from} → ${m.to}`).join('; ')}`);
  void model;
  return moves;
}

/** The host side of each port item in a previous output, by `path#index`. */
function previousPorts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let parsed: ParsedCompose;
  try {
    parsed = parseComposeText(text, 'previous');
  } catch {
    return out;
  }
  walkPairs(parsed.doc.contents, ({ pair, path }) => {
    if (!isServiceLevel(path, 'ports') || !isSeq(pair.value)) return;
    pair.value.items.forEach((item, idx) => {
      if (isScalar(item)) out.set(`${path.join('.')}#${idx}`, String(item.value));
      else if (isMap(item)) {
        const pub = pairOf(item, 'published');
        if (pub && isScalar(pub.value)) out.set(`${path.join('.')}#${idx}`, String(pub.value.value));
      }
    });
  });
  return out;
}

function safeRange(text: string): number[] {
  const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(text);
  if (!m) return [];
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return Array.from({ length: Math.max(1, b - a + 1) }, (_, i) => a + i);
}

function normaliseIp(ip: string): string {
  const t = ip.trim().replace(/^\[|\]$/g, '');
  return t === '0.0.0.0' || t === '::' ? '' : t;
}

/** tmpfs data dirs, healthchecks, service_healthy conditions, keep-alive removal. */
function databaseEdits(ed: SourceEditor, parsed: ParsedCompose, model: ComposeModel, notes: string[]): void {
  const services = ed.resolve(pairOf(parsed.doc.contents, 'services')?.value);
  if (!isMap(services)) return;
  const version = String((parsed.js().version as string | undefined) ?? '');
  const oldFormat = /^2(\.0)?$/.test(version) || /^1/.test(version);
  const healthy = new Set<string>();
  for (const s of model.services) {
    const svcPair = services.items.find((p) => isScalar(p.key) && p.key.value === s.name);
    const svc = ed.resolve(svcPair?.value);
    if (!isMap(svc)) continue;
    const kind = imageKind(s.image);
    const hasOwnHealth = s.healthcheck !== undefined && s.healthcheck.disable !== true;
    if (hasOwnHealth) healthy.add(s.name);
    if (kind) {
      const target = DATA_DIRS[kind];
      moveDataToTmpfs(ed, svc, s.name, target, s.raw, notes);
      if (!hasOwnHealth) {
        if (oldFormat) notes.push(`service ${s.name}: no healthcheck added (compose file version ${version} has none)`);
        else {
          ed.appendToMap(svc, healthcheckLines(kind));
          healthy.add(s.name);
          notes.push(`service ${s.name}: ${kind} healthcheck added`);
        }
      }
    }
    const cmdPair = pairOf(svc, 'command');
    const reason = keepAliveReason(s.command);
    if (reason) {
      if (cmdPair) {
        ed.removePair(cmdPair);
        notes.push(`service ${s.name}: command removed: ${reason}; the image's own command runs (use the test-run target to run commands in it)`);
      } else notes.push(`service ${s.name}: FLAGGED: ${reason}, but it is inherited (anchor or extends), so it was left; remove it there`);
    }
  }
  if (oldFormat) return;
  // Dependants wait for healthy databases.
  const done = new Set<Node>();
  for (const svcPair of services.items) {
    const svc = ed.resolve(svcPair.value);
    const dep = pairOf(svc, 'depends_on');
    if (!dep) continue;
    const node = ed.resolve(dep.value);
    if (!node || done.has(node)) continue;
    done.add(node);
    let owner: Pair | undefined = dep;
    if (node !== dep.value) walkPairs(parsed.doc.contents, ({ pair }) => { if (pair.value === node) owner = pair; });
    if (isSeq(node)) {
      const names = node.items.map((i) => String((i as Scalar).value));
      if (!names.some((n) => healthy.has(n))) continue;
      const lines = names.flatMap((n) => [`${n}:`, `  condition: ${healthy.has(n) ? 'service_healthy' : 'service_started'}`]);
      ed.replaceValueWithBlock(owner!, lines);
      notes.push(`service ${String((svcPair.key as Scalar).value)}: depends_on waits for healthy ${names.filter((n) => healthy.has(n)).join(', ')}`);
    } else if (isMap(node)) {
      for (const e of node.items) {
        const name = String((e.key as Scalar).value);
        if (!healthy.has(name)) continue;
        const v = ed.resolve(e.value);
        // Already waiting for something stronger than "started" (possibly through a merge key).
        const current = isMap(v) ? (v.toJS(ed.doc) as { condition?: string } | null)?.condition : undefined;
        if (current !== undefined && current !== 'service_started') continue;
        const cond = pairOf(v, 'condition');
        if (cond && isScalar(cond.value)) {
          if (cond.value.value === 'service_started') ed.setScalar(cond.value as Scalar, 'service_healthy');
        } else if (isMap(v) && !v.flow && v.items.length > 0) {
          ed.appendToMap(v, ['condition: service_healthy']);
        } else if (!v || (isScalar(v) && v.value === null)) {
          ed.replaceValueWithBlock(e as Pair, ['condition: service_healthy']);
        }
      }
    }
  }
}

function moveDataToTmpfs(ed: SourceEditor, svc: YAMLMap, name: string, target: string, raw: Record<string, unknown>, notes: string[]): void {
  const under = (t: string) => t === target || t.startsWith(target + '/') || t === target + '/';
  const volPair = pairOf(svc, 'volumes');
  const vols = ed.resolve(volPair?.value);
  const rawVols = Array.isArray(raw.volumes) ? raw.volumes : [];
  if (isSeq(vols) && volPair?.value === vols) {
    const hits = vols.items.filter((i) => under(mountTarget((i as Scalar).toJSON?.() ?? i)));
    if (hits.length === vols.items.length && hits.length > 0) ed.removePair(volPair);
    else for (const h of hits) ed.removeSeqItem(vols, h as Node);
    if (hits.length > 0) notes.push(`service ${name}: data volume at ${target} replaced by tmpfs`);
  } else if (rawVols.some((v) => under(mountTarget(v)))) {
    notes.push(`service ${name}: FLAGGED: its data volume at ${target} is inherited (anchor or extends) and stays; tmpfs not added`);
    return;
  }
  const tmpPair = pairOf(svc, 'tmpfs');
  const tmp = tmpPair?.value;
  if (isSeq(tmp)) {
    if (!tmp.items.some((i) => under(String((i as Scalar).value).split(':')[0]))) ed.appendToSeq(tmp, [target]);
  } else if (isScalar(tmp) && tmp.value !== null) {
    if (!under(String(tmp.value).split(':')[0])) ed.replaceValueWithBlock(tmpPair!, [`- ${String(tmp.value)}`, `- ${target}`]);
  } else if (!tmpPair) {
    ed.appendToMap(svc, ['tmpfs:', `  - ${target}`]);
  }
}

/**
 * Every `#` comment of the sources must survive. Splices keep them by construction; this is the
 * safety net for the few that an edit could not place (they are appended, marked).
 */
function keepMissingComments(text: string, sources: string[], label: string): string {
  const present = new Set(collectComments(text).map((c) => c.text.trim()));
  const missing: string[] = [];
  for (const src of sources) for (const c of collectComments(src)) if (!present.has(c.text.trim()) && !missing.includes(c.text.trim())) missing.push(c.text.trim());
  if (missing.length === 0) return text;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const tail = text.endsWith('\n') ? '' : eol;
  return text + tail + `# migrate-wizard: comments from ${label} that had no place in this file:` + eol + missing.map((c) => c + eol).join('');
}
