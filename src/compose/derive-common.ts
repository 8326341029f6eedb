/**
 * Edit passes shared by the dev and test derivations: suffix container names and explicit
 * resource names, point env-file references at the environment's own file, drop a top-level
 * `name:`. All are source splices (see source-edit.ts).
 */
import path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { UserError } from '../engine/errors.js';
import { splitMount } from './merge.js';
import { buildComposeModel, incompleteServices, type ComposeModel, type TextSource } from './model.js';
import { parseComposeText } from './parse.js';
import { pairOf, renderScalar, SourceEditor } from './source-edit.js';

export interface PairVisit {
  pair: Pair;
  parent: YAMLMap;
  /** Keys from the document root to this pair (sequence items are '[]'). */
  path: string[];
}

/** Every pair in the document, at its definition (aliases are not followed). */
export function walkPairs(root: unknown, visit: (v: PairVisit) => void, pathSoFar: string[] = []): void {
  if (isMap(root)) {
    for (const pair of root.items) {
      const here = [...pathSoFar, isScalar(pair.key) ? String(pair.key.value) : '?'];
      visit({ pair: pair as Pair, parent: root, path: here });
      walkPairs(pair.value, visit, here);
    }
  } else if (isSeq(root)) {
    for (const item of root.items) walkPairs(item, visit, [...pathSoFar, '[]']);
  }
}

/** A pair that belongs to a service definition: `services.<name>.<key>`, or inside a top-level `x-*` block. */
export function isServiceLevel(path: string[], key: string): boolean {
  if (path[path.length - 1] !== key) return false;
  if (path[0] === 'services' && path.length === 3) return true;
  return path[0]?.startsWith('x-') === true;
}

/** Refuse files that cannot run on their own: overlays whose base is missing, fragments. */
export function assertStandalone(model: ComposeModel): void {
  const extendsProblem = model.problems.find((p) => p.kind === 'extends');
  if (extendsProblem) throw new UserError(`${extendsProblem.where}: ${extendsProblem.message}`, 64, 'restore the file it extends, or pick another compose file');
  const incomplete = incompleteServices(model);
  if (incomplete.length > 0) {
    const names = incomplete.map((s) => s.name);
    throw new UserError(
      `${incomplete[0].where}: service ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` (+${names.length - 5} more)` : ''} has neither image: nor build:; ` +
        `this file is an overlay or a fragment, not a complete project`,
      64,
      'pass the complete base file (and this one as the overlay), or add image:/build:',
    );
  }
}

export function suffixContainerNames(ed: SourceEditor, suffix: string): number {
  let n = 0;
  walkPairs(ed.doc.contents, ({ pair, path }) => {
    if (!isServiceLevel(path, 'container_name')) return;
    const v = pair.value;
    if (isScalar(v) && v.value !== null && !String(v.value).endsWith(suffix)) {
      ed.suffixScalar(v as Scalar, suffix);
      n++;
    }
  });
  return n;
}

/** Add a suffix to every explicit `name:` of a non-external top-level network or volume. */
export function suffixResourceNames(ed: SourceEditor, suffix: string, notes: string[]): void {
  for (const section of ['networks', 'volumes'] as const) {
    const top = ed.resolve(pairOf(ed.doc.contents, section)?.value);
    if (!isMap(top)) continue;
    for (const p of top.items) {
      const def = ed.resolve(p.value);
      if (!isMap(def)) continue;
      const ext = ed.resolve(pairOf(def, 'external')?.value);
      const external = (isScalar(ext) && (ext.value === true || ext.value === 'true')) || isMap(ext);
      const name = pairOf(def, 'name');
      if (external || !name || !isScalar(name.value) || name.value.value === null) continue;
      if (String(name.value.value).endsWith(suffix)) continue;
      ed.suffixScalar(name.value as Scalar, suffix);
      notes.push(`${section.slice(0, -1)} ${String((p.key as Scalar).value)}: explicit name "${String(name.value.value)}" renamed to "…${suffix}"`);
    }
  }
}

function normaliseRef(p: string): string {
  return path.posix.normalize(p.replace(/^\.\//, ''));
}

/** Map a path reference through envMap, keeping the `./` prefix style. */
export function mapEnvPath(ref: string, envMap: Record<string, string>): string | undefined {
  const n = normaliseRef(ref);
  for (const [from, to] of Object.entries(envMap)) {
    if (normaliseRef(from) === n) return (ref.startsWith('./') ? './' : '') + normaliseRef(to);
  }
  return undefined;
}

/** `env_file:` entries and bind-mount sources that name a mapped env file. */
export function mapEnvReferences(ed: SourceEditor, envMap: Record<string, string>, notes: string[]): void {
  const mapScalar = (node: unknown, what: string) => {
    if (!isScalar(node) || typeof node.value !== 'string') return;
    const to = mapEnvPath(node.value, envMap);
    if (to !== undefined && to !== node.value) {
      ed.setScalar(node as Scalar, to);
      notes.push(`${what}: ${node.value} → ${to}`);
    }
  };
  walkPairs(ed.doc.contents, ({ pair, path }) => {
    if (isServiceLevel(path, 'env_file')) {
      const v = pair.value;
      if (isSeq(v)) {
        for (const item of v.items) {
          if (isMap(item)) mapScalar(pairOf(item, 'path')?.value, 'env_file');
          else mapScalar(item, 'env_file');
        }
      } else mapScalar(v, 'env_file');
    }
    if (isServiceLevel(path, 'volumes') && isSeq(pair.value)) {
      for (const item of pair.value.items) {
        if (isScalar(item) && typeof item.value === 'string') {
          const parts = splitMount(item.value);
          if (parts.length < 2) continue;
          const to = mapEnvPath(parts[0], envMap);
          if (to !== undefined) {
            ed.setScalar(item as Scalar, [to, ...parts.slice(1)].join(':'));
            notes.push(`bind mount: ${parts[0]} → ${to}`);
          }
        } else if (isMap(item)) {
          mapScalar(pairOf(item, 'source')?.value, 'bind mount');
        }
      }
    }
  });
}

/** Docker-compose v1 rejects a top-level `name:`; the project name comes from `-p` instead. */
export function dropTopLevelName(ed: SourceEditor, notes: string[], project: string): void {
  const p = pairOf(ed.doc.contents, 'name');
  if (!p) return;
  const value = isScalar(p.value) ? String(p.value.value) : '?';
  ed.removePair(p);
  notes.push(`top-level name: "${value}" dropped (docker-compose v1 rejects it); the project name is given with -p ${project}`);
}

export function nodeOffset(n: unknown): number {
  return (n as Node | null)?.range?.[0] ?? 0;
}

/**
 * A container_name inherited through `extends: {file: ...}` lives in another file, which this
 * derivation does not edit: give such services their own, suffixed, container_name.
 */
export async function overrideInheritedNames(text: string, file: string, source: TextSource, suffix: string, notes: string[]): Promise<string> {
  const parsed = parseComposeText(text, file);
  const services = parsed.js().services;
  const crossFile = isObjLike(services) && Object.values(services).some((s) => isObjLike(s) && isObjLike(s.extends) && s.extends.file !== undefined);
  if (!crossFile) return text;
  const model = await buildComposeModel(parsed, source, { env: {} });
  const ed = new SourceEditor(text, parsed.doc, file);
  const servicesNode = ed.resolve(pairOf(parsed.doc.contents, 'services')?.value);
  for (const s of model.services) {
    const name = s.raw.container_name;
    if (name === undefined || String(name).endsWith(suffix)) continue;
    const map = ed.resolve(pairOf(servicesNode, s.name)?.value);
    if (!isMap(map)) continue;
    ed.appendToMap(map, [`container_name: ${renderScalar(String(name) + suffix)}`]);
    notes.push(`service ${s.name}: container_name "${String(name)}" comes from another file (extends); overridden here with ${suffix}`);
  }
  return ed.apply();
}

function isObjLike(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
