/**
 * Build time: compile every built-in playbook with the real loader into the cache the run reads
 * (see builtin-cache.ts). scripts/build.mjs bundles this file on its own, calls it and writes
 * dist/builtin-playbooks.json; it is not part of the CLI bundle.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CACHE_FORMAT, fromCached, hashPlaybookDir, toCached, type CacheFile, type CachedPlaybook } from './builtin-cache.js';
import { loadPlaybookUnjudged } from './load.js';

export interface CompileResult {
  cache: CacheFile;
  /** Playbooks left out (they load normally at run time), with why. */
  skipped: { name: string; reason: string }[];
}

/** A folder with a playbook.yaml or phase files (*.yaml, *.yml). */
function isPlaybookFolder(dir: string): boolean {
  return statSync(dir).isDirectory() && readdirSync(dir).some((f) => /\.ya?ml$/i.test(f));
}

export function compileBuiltinPlaybooks(phasesDir: string, key: string): CompileResult {
  const cache: CacheFile = { format: CACHE_FORMAT, key, playbooks: {} };
  const skipped: CompileResult['skipped'] = [];
  for (const name of readdirSync(phasesDir).sort()) {
    const dir = path.join(phasesDir, name);
    if (!isPlaybookFolder(dir)) continue;
    try {
      const before = hashPlaybookDir(dir);
      const { playbook, variables } = loadPlaybookUnjudged(dir, name);
      // A file edited while we read it would pair old bytes with a new hash.
      if (hashPlaybookDir(dir) !== before) throw new Error('its files changed while it was compiled');
      const entry = toCached(playbook, before, variables);
      // Prove the round trip through JSON gives back exactly what the loader gave.
      const back = JSON.parse(JSON.stringify(entry)) as CachedPlaybook;
      if (!isDeepStrictEqual(fromCached(back, dir, name), playbook)) throw new Error('it does not survive a JSON round trip unchanged');
      cache.playbooks[name] = back;
    } catch (err) {
      skipped.push({ name, reason: (err as Error).message.split('\n').slice(0, 3).join(' ') });
    }
  }
  return { cache, skipped };
}
