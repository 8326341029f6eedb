import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_FORMAT, loadCachedPlaybook, type CacheFile } from '../../../src/engine/playbook/builtin-cache.js';
import { compileBuiltinPlaybooks } from '../../../src/engine/playbook/compile.js';
import { loadPlaybook } from '../../../src/engine/playbook/load.js';
import { FACT_NAMES } from '../../../src/facts/detect.js';

/**
 * The precompiled cache of the built-in playbooks (dist/builtin-playbooks.json) must give exactly
 * what the loader gives, and must never be used when it does not match the files on disk.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PHASES = path.join(REPO, 'phases');
const builtins = readdirSync(PHASES).filter((n) => statSync(path.join(PHASES, n)).isDirectory());
const KEY = 'test-key';

let work = '';
let phases = '';
let cacheFile = '';
const startCwd = process.cwd();

/** Compile the playbooks under `from` into the cache file, as scripts/build.mjs does. */
function compile(from = phases): CacheFile {
  const { cache, skipped } = compileBuiltinPlaybooks(from, KEY);
  expect(skipped).toEqual([]);
  writeFileSync(cacheFile, JSON.stringify(cache));
  return cache;
}

function cached(name: string, knownVariables: Iterable<string> = FACT_NAMES) {
  return loadCachedPlaybook({ file: cacheFile, key: KEY, dir: path.join(phases, name), name, knownVariables });
}

function normal(name: string, knownVariables: Iterable<string> = FACT_NAMES) {
  return loadPlaybook(path.join(phases, name), name, { knownVariables });
}

beforeEach(() => {
  work = realTemp();
  phases = path.join(work, 'phases');
  cpSync(PHASES, phases, { recursive: true });
  cacheFile = path.join(work, 'builtin-playbooks.json');
});

afterEach(() => {
  process.chdir(startCwd);
  rmSync(work, { recursive: true, force: true });
});

function realTemp(): string {
  const dir = path.join(os.tmpdir(), `mw-pbcache-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  return dir;
}

describe('precompiled built-in playbooks', () => {
  it('compiles every built-in playbook (none left out)', () => {
    const cache = compile();
    expect(Object.keys(cache.playbooks).sort()).toEqual([...builtins].sort());
    expect(cache.format).toBe(CACHE_FORMAT);
  });

  // Paths in Step.source, Phase.file and Playbook.dir depend on the cwd: inside the phases folder,
  // above it, and outside it (absolute paths).
  it.each(builtins)('%s: the cached playbook deep-equals the loaded one from three different cwds', (name) => {
    compile();
    for (const cwd of [work, path.join(phases, name), REPO]) {
      process.chdir(cwd);
      const fast = cached(name);
      expect(fast, `no cache hit from ${cwd}`).toBeDefined();
      const slow = normal(name);
      expect(fast).toStrictEqual(slow);
      // The comparison is not vacuous: sources really carry the cwd-relative path.
      expect(fast!.phases[0].steps[0].source).toMatch(/\.ya?ml:\d+$/);
      expect(path.resolve(fast!.phases[0].file)).toBe(path.resolve(phases, name, path.basename(slow.phases[0].file)));
    }
  });

  it('a cache compiled from another folder works for this one (paths are stored relative)', () => {
    const elsewhere = path.join(work, 'other-phases');
    cpSync(phases, elsewhere, { recursive: true });
    compile(elsewhere);
    expect(cached('example')).toStrictEqual(normal('example'));
  });

  it('a changed byte in a phase file: the cache is ignored and the edited content is loaded', () => {
    compile();
    const file = path.join(phases, 'example', '1-first-phase.yaml');
    const text = readFileSync(file, 'utf8');
    const title = normal('example').phases[0].steps[0].title;
    // Same length, one byte different.
    const edited = title.slice(0, -1) + (title.endsWith('X') ? 'Y' : 'X');
    writeFileSync(file, text.replace(title, edited));
    expect(cached('example')).toBeUndefined();
    expect(normal('example').phases[0].steps[0].title).toBe(edited);
  });

  it('an edited playbook.yaml, an added, a removed or a renamed phase file: the cache is ignored', () => {
    compile();
    const dir = path.join(phases, 'parallel-envs');
    expect(cached('parallel-envs')).toBeDefined();

    appendFileSync(path.join(dir, 'playbook.yaml'), '\n');
    expect(cached('parallel-envs')).toBeUndefined();

    compile();
    writeFileSync(path.join(dir, '9-extra.yml'), readFileSync(path.join(phases, 'example', '1-first-phase.yaml')));
    expect(cached('parallel-envs')).toBeUndefined();
    rmSync(path.join(dir, '9-extra.yml'));
    expect(cached('parallel-envs')).toBeDefined();

    rmSync(path.join(dir, '3-validate.yaml'));
    expect(cached('parallel-envs')).toBeUndefined();

    compile();
    renameSync(path.join(dir, '2-enhance.yaml'), path.join(dir, '0-enhance.yaml'));
    expect(cached('parallel-envs')).toBeUndefined();

    // Renamed in place (same order, same bytes): Phase.file would be stale.
    compile();
    renameSync(path.join(dir, '0-enhance.yaml'), path.join(dir, '0-enhance.yml'));
    expect(cached('parallel-envs')).toBeUndefined();

    // One byte moved from the end of one file to the start of the next: same bytes in a row.
    compile();
    const first = path.join(dir, '0-enhance.yml');
    const second = path.join(dir, '1-split.yaml');
    const a = readFileSync(first);
    expect(a[a.length - 1]).toBe(0x0a);
    writeFileSync(first, a.subarray(0, -1));
    writeFileSync(second, Buffer.concat([Buffer.from('\n'), readFileSync(second)]));
    expect(cached('parallel-envs')).toBeUndefined();
  });

  it('a missing, corrupt or foreign cache file, or a playbook not in it: undefined (the caller loads normally)', () => {
    expect(cached('example')).toBeUndefined(); // no file yet
    const good = compile();
    expect(cached('example')).toBeDefined();

    writeFileSync(cacheFile, JSON.stringify(good).slice(0, 500));
    expect(cached('example')).toBeUndefined();
    writeFileSync(cacheFile, 'null');
    expect(cached('example')).toBeUndefined();
    writeFileSync(cacheFile, JSON.stringify({ ...good, key: 'another build' }));
    expect(cached('example')).toBeUndefined();
    writeFileSync(cacheFile, JSON.stringify({ ...good, format: CACHE_FORMAT + 1 }));
    expect(cached('example')).toBeUndefined();
    writeFileSync(cacheFile, JSON.stringify({ ...good, playbooks: { ...good.playbooks, example: { ...good.playbooks.example, playbook: null } } }));
    expect(cached('example')).toBeUndefined();
    writeFileSync(cacheFile, JSON.stringify(good));
    expect(cached('example')).toBeDefined();
    expect(loadCachedPlaybook({ file: cacheFile, key: KEY, dir: path.join(phases, 'example'), name: 'constructor', knownVariables: [] })).toBeUndefined();
    expect(loadCachedPlaybook({ file: cacheFile, key: KEY, dir: path.join(phases, 'nope'), name: 'nope', knownVariables: [] })).toBeUndefined();
    // And the normal loader still reports the usual error for a folder that is not there.
    expect(() => normal('nope')).toThrow(/playbook "nope" not found/);
  });

  it('an unknown variable: the cache is not used and the normal loader errors with file:line:col', () => {
    const dir = path.join(phases, 'mystery');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, '1-only.yaml'),
      ['id: only', 'title: Only', 'steps:', '  - id: s', '    title: "Uses {{mystery}}"', '    risk: low', '    priority: low', '    why: Because.', ''].join('\n'),
    );
    const cache = compile();
    expect(cache.playbooks.mystery.variables).toEqual(['mystery']);

    expect(cached('mystery')).toBeUndefined();
    expect(() => normal('mystery')).toThrow(/1-only\.yaml:5:\d+: unknown variable \{\{mystery\}\}/);
    // Known (e.g. from --set): the cache serves it, equal to the normal load.
    const known = [...FACT_NAMES, 'mystery'];
    expect(cached('mystery', known)).toStrictEqual(normal('mystery', known));
  });

  it('a variable declared in playbook.yaml counts as known, as in the loader', () => {
    const dir = path.join(phases, 'declared');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'playbook.yaml'), 'title: Declared\nvars:\n  region: { description: Where, default: eu }\n');
    writeFileSync(
      path.join(dir, '1-only.yaml'),
      ['id: only', 'title: Only', 'steps:', '  - id: s', '    title: "In {{region}}"', '    risk: low', '    priority: low', '    why: Because.', ''].join('\n'),
    );
    compile();
    expect(cached('declared', [])).toStrictEqual(normal('declared', []));
  });
});
