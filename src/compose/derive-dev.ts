/**
 * docker-compose.dev.yml from the base file: container names get a suffix, explicit network
 * and volume names too, env-file references follow the rename (.env → .env.dev). Everything
 * else is kept byte for byte. Services without container_name, and networks/volumes without
 * an explicit name, are isolated by the project name (`-p <name>-dev`).
 */
import path from 'node:path';
import { UserError } from '../engine/errors.js';
import {
  assertStandalone,
  dropTopLevelName,
  mapEnvReferences,
  overrideInheritedNames,
  suffixContainerNames,
  suffixResourceNames,
} from './derive-common.js';
import { buildComposeModel, loadParsed, type TextSource } from './model.js';
import { SourceEditor } from './source-edit.js';

export interface DeriveDevOptions {
  /** Default `-dev`. */
  suffix?: string;
  /** Env file renames, relative to the compose file's folder. Default `{'.env': '.env.dev'}`. */
  envMap?: Record<string, string>;
  /** The project name dev runs under (for notes). */
  project?: string;
  /** Where the result goes (must share the source's folder so relative paths keep working). */
  to?: string;
}

export interface DeriveResult {
  text: string;
  /** What was done and why, one line each (no values from env files). */
  notes: string[];
  /** The compose files the result was derived from. */
  sources: string[];
  /** Literal container names that were renamed and differ from their service's name (to look for elsewhere). */
  renamedContainers: string[];
}

export async function deriveDev(source: TextSource, from: string, opts: DeriveDevOptions = {}): Promise<DeriveResult> {
  const suffix = opts.suffix ?? '-dev';
  const envMap = opts.envMap ?? { '.env': '.env.dev' };
  const project = opts.project ?? `<name>${suffix}`;
  assertSameFolder(from, opts.to);
  const parsed = await loadParsed(source, from);
  // Interpolation values do not matter for the structure check; an empty env keeps it pure.
  const model = await buildComposeModel(parsed, source, { env: {} });
  assertStandalone(model);
  const ed = new SourceEditor(parsed.text, parsed.doc, from);
  const notes: string[] = [];
  const renamed = suffixContainerNames(ed, suffix);
  notes.push(`${renamed} container_name value(s) suffixed with ${suffix}`);
  const unnamed = model.services.filter((s) => s.raw.container_name === undefined).map((s) => s.name);
  if (unnamed.length > 0) {
    const list = unnamed.length > 8 ? `${unnamed.slice(0, 8).join(', ')} and ${unnamed.length - 8} more` : unnamed.join(', ');
    notes.push(`no container_name on ${list}: left as is; -p ${project} names their containers apart`);
  }
  suffixResourceNames(ed, suffix, notes);
  mapEnvReferences(ed, envMap, notes);
  dropTopLevelName(ed, notes, project);
  const text = await overrideInheritedNames(ed.apply(), from, source, suffix, notes);
  return { text, notes, sources: [from], renamedContainers: renamedNames(model) };
}

export function assertSameFolder(from: string, to: string | undefined): void {
  if (to !== undefined && path.posix.dirname(from) !== path.posix.dirname(to)) {
    throw new UserError(
      `${to}: must be in the same folder as ${from}, or the relative paths in it (build contexts, bind mounts, env files) would break`,
      64,
      `write it next to ${from}`,
    );
  }
}

/** Container names (without variables) that differ from their service name: only those stop resolving. */
export function renamedNames(model: { services: { name: string; raw: Record<string, unknown> }[] }): string[] {
  return model.services
    .map((s) => ({ s: s.name, c: s.raw.container_name }))
    .filter((x): x is { s: string; c: string } => typeof x.c === 'string' && !x.c.includes('$') && x.c !== x.s)
    .map((x) => x.c);
}
