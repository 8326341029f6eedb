/**
 * The precompiled cache of the built-in playbooks (dist/builtin-playbooks.json, written by
 * scripts/build.mjs). Parsing the YAML and validating it with zod costs ~160 ms a run; reading
 * this file and hashing the phase files costs ~2 ms. The cache is used only when it provably
 * matches what is on disk: the same build (key), the same bytes of every YAML file the loader
 * reads (hash), and every {{variable}} still known. Anything else returns undefined and the
 * caller runs the normal loader, which gives the usual file:line:col errors.
 *
 * Deliberately cheap to import: no yaml, no zod, no action or check modules.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { displayPath } from './display-path.js';
import type { Phase, Playbook, Step, TypedSpec, VariableDeclaration } from './types.js';

export const CACHE_FILE_NAME = 'builtin-playbooks.json';
export const CACHE_FORMAT = 1;

/** A step as cached: `source` is `<file in the playbook folder>:<line>`. */
type CachedStep = Omit<Step, 'source'> & { source: string };
/** A phase as cached: `file` is the file name inside the playbook folder. */
type CachedPhase = Omit<Phase, 'steps'> & { steps: CachedStep[] };

export interface CachedPlaybook {
  /** sha256 over the sorted names and bytes of the folder's YAML files (see hashPlaybookDir). */
  hash: string;
  /** Every {{variable}} the loader would judge; each must be known at run time. */
  variables: string[];
  playbook: { title: string; description?: string; vars: Record<string, VariableDeclaration>; next?: string[]; phases: CachedPhase[] };
}

export interface CacheFile {
  format: number;
  /** Ties the file to the bundle that reads it (a hash of the sources it was built from). */
  key: string;
  playbooks: Record<string, CachedPlaybook>;
}

/**
 * A hash of every YAML file the loader can read in `dir` (playbook.yaml and the phase files):
 * names sorted, each name and length before its bytes, so adding, removing or renaming a file
 * changes it too. Throws when the folder or a file cannot be read.
 */
export function hashPlaybookDir(dir: string): string {
  const h = createHash('sha256');
  const names = readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  for (const name of names) {
    const bytes = readFileSync(path.join(dir, name));
    h.update(`${name}\0${bytes.length}\0`);
    h.update(bytes);
  }
  return h.digest('hex');
}

/** Where a loaded file lies relative to its playbook folder (the loader shows it relative to the cwd). */
function inFolder(dir: string, shown: string): string {
  return path.relative(path.resolve(dir), path.resolve(shown)).split(path.sep).join('/');
}

function splitSource(source: string): { file: string; line: string } {
  const at = source.lastIndexOf(':');
  return { file: source.slice(0, at), line: source.slice(at + 1) };
}

/** A loaded playbook as cached: its paths made relative to its folder, so the cache works from any cwd. */
export function toCached(loaded: Playbook, hash: string, variables: string[]): CachedPlaybook {
  const { title, description, vars, next } = loaded;
  const phases = loaded.phases.map((phase) => ({
    ...phase,
    file: inFolder(loaded.dir, phase.file),
    steps: phase.steps.map((step) => {
      const { file, line } = splitSource(step.source);
      return { ...step, source: `${inFolder(loaded.dir, file)}:${line}` };
    }),
  }));
  return { hash, variables, playbook: { title, description, vars, next, phases } };
}

/**
 * The cached playbook with its paths made exactly as the loader makes them for `dir` from the
 * current folder. Objects are rebuilt key by key in the loader's order (absent optional fields
 * are present as undefined there too), so the result deep-equals a normal load.
 */
export function fromCached(entry: CachedPlaybook, dir: string, name: string): Playbook {
  const shown = (file: string) => displayPath(path.join(dir, file));
  const pb = entry.playbook;
  const phases = pb.phases.map(
    (phase): Phase => ({
      id: phase.id,
      title: phase.title,
      description: phase.description,
      steps: phase.steps.map((step): Step => {
        const { file, line } = splitSource(step.source);
        return {
          id: step.id,
          title: step.title,
          risk: step.risk,
          priority: step.priority,
          why: step.why,
          when: step.when,
          actions: step.actions as TypedSpec[],
          checks: step.checks as TypedSpec[],
          phaseId: step.phaseId,
          source: `${shown(file)}:${line}`,
        };
      }),
      file: shown(phase.file),
    }),
  );
  return { name, dir, title: pb.title, description: pb.description, vars: pb.vars, next: pb.next, phases };
}

export interface CacheLookup {
  /** The cache file (dist/builtin-playbooks.json). */
  file: string;
  /** The key the running bundle was built with; a file from another build is ignored. */
  key: string;
  /** The built-in playbook's folder and name. */
  dir: string;
  name: string;
  knownVariables: Iterable<string>;
}

/**
 * The built-in playbook from the cache, or undefined when the cache cannot be trusted for it
 * (missing or unreadable file, another build, edited YAML, an unknown variable): then the caller
 * loads it normally. Never throws.
 */
export function loadCachedPlaybook(lookup: CacheLookup): Playbook | undefined {
  try {
    const cache = JSON.parse(readFileSync(lookup.file, 'utf8')) as CacheFile;
    if (cache?.format !== CACHE_FORMAT || cache.key !== lookup.key || !cache.playbooks) return undefined;
    if (!Object.hasOwn(cache.playbooks, lookup.name)) return undefined;
    const entry = cache.playbooks[lookup.name];
    if (typeof entry?.hash !== 'string' || !Array.isArray(entry.variables) || !entry.playbook) return undefined;
    if (hashPlaybookDir(lookup.dir) !== entry.hash) return undefined;
    const known = new Set([...lookup.knownVariables, ...Object.keys(entry.playbook.vars ?? {})]);
    if (!entry.variables.every((v) => known.has(v))) return undefined;
    return fromCached(entry, lookup.dir, lookup.name);
  } catch {
    return undefined;
  }
}
