import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheFile } from '../../src/engine/playbook/builtin-cache.js';
import { REPO, tempDir } from '../helpers/cli.js';

/**
 * The built CLI reads the built-in playbooks from dist/builtin-playbooks.json when it matches the
 * phase files, and from the YAML otherwise. Each test runs a private copy of dist/ and phases/ (as
 * installed: phases/ beside dist/), so it can tamper with either. A cache whose playbook content
 * was changed while its hash was kept shows, in the CLI's output, which source was used.
 */
const REAL_TITLE = 'Back up the compose files, env files and Makefile';
const CACHE_ONLY_TITLE = 'A title only the cache has';
const dirs: string[] = [];
let project = '';

function install(): { dir: string; cacheFile: string; phaseFile: string } {
  const dir = tempDir('mw-pbcache-install-');
  dirs.push(dir);
  cpSync(path.join(REPO, 'dist'), path.join(dir, 'dist'), { recursive: true });
  cpSync(path.join(REPO, 'phases'), path.join(dir, 'phases'), { recursive: true });
  return { dir, cacheFile: path.join(dir, 'dist', 'builtin-playbooks.json'), phaseFile: path.join(dir, 'phases', 'parallel-envs', '1-split.yaml') };
}

/** Change the first step's title in the cache, keeping its hash: only a cache hit shows it. */
function tamperCache(cacheFile: string): void {
  const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as CacheFile;
  const step = cache.playbooks['parallel-envs'].playbook.phases[0].steps[0];
  expect(step.title).toBe(REAL_TITLE);
  step.title = CACHE_ONLY_TITLE;
  writeFileSync(cacheFile, JSON.stringify(cache));
}

const REGISTER = path.join(REPO, 'tests', 'helpers', 'import-trace', 'register.mjs');

function plan(installDir: string, env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [path.join(installDir, 'dist', 'cli.js'), 'plan', '--cwd', project, '--plain', '--to', 'backup'], {
    cwd: installDir,
    env: { ...process.env, CI: '1', NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(() => {
  project = tempDir('mw-pbcache-project-');
  dirs.push(project);
  cpSync(path.join(REPO, 'demo', 'parallel-envs'), project, { recursive: true });
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('dist/builtin-playbooks.json in the built CLI', () => {
  it('the build wrote a cache holding every built-in playbook', () => {
    const cache = JSON.parse(readFileSync(path.join(REPO, 'dist', 'builtin-playbooks.json'), 'utf8')) as CacheFile;
    expect(Object.keys(cache.playbooks)).toEqual(expect.arrayContaining(['parallel-envs', 'example']));
  });

  it('is what the CLI uses when it matches the phase files', () => {
    const plain = install();
    const before = plan(plain.dir);
    expect(before.code, before.stderr).toBe(2);
    expect(before.stdout).toContain(`# split / backup: ${REAL_TITLE}`);

    const tampered = install();
    tamperCache(tampered.cacheFile);
    const res = plan(tampered.dir);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout).toContain(`# split / backup: ${CACHE_ONLY_TITLE}`);
  });

  it('is ignored once a phase file is edited: the edit is what runs', () => {
    const { dir, cacheFile, phaseFile } = install();
    tamperCache(cacheFile);
    writeFileSync(phaseFile, readFileSync(phaseFile, 'utf8').replace(REAL_TITLE, 'Back up, as edited by the user'));
    const res = plan(dir);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout).toContain('# split / backup: Back up, as edited by the user');
    expect(res.stdout).not.toContain(CACHE_ONLY_TITLE);
  });

  it('is ignored when an edit breaks a phase file: the usual file:line:col error', () => {
    const { dir, cacheFile, phaseFile } = install();
    tamperCache(cacheFile);
    writeFileSync(phaseFile, readFileSync(phaseFile, 'utf8').replace('    risk: low\n', '    risk: low\n    colour: red\n'));
    const res = plan(dir);
    expect(res.code).toBe(64);
    expect(res.stderr).toMatch(/1-split\.yaml:\d+:\d+: unknown key "colour"/);
  });

  it('is ignored when corrupt or missing: the CLI loads the YAML as before', () => {
    const corrupt = install();
    tamperCache(corrupt.cacheFile);
    writeFileSync(corrupt.cacheFile, readFileSync(corrupt.cacheFile, 'utf8').slice(0, 1000));
    const res = plan(corrupt.dir);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout).toContain(`# split / backup: ${REAL_TITLE}`);

    const missing = install();
    rmSync(missing.cacheFile);
    const res2 = plan(missing.dir);
    expect(res2.code, res2.stderr).toBe(2);
    expect(res2.stdout).toContain(`# split / backup: ${REAL_TITLE}`);
  });

  // The loader (YAML parse + zod validation) sits in its own chunk, imported only when needed.
  it('a cache hit never loads the loader chunk; a miss does', () => {
    const { dir, cacheFile } = install();
    const loaderChunks = readdirSync(path.join(dir, 'dist')).filter((f) => f.endsWith('.js') && readFileSync(path.join(dir, 'dist', f), 'utf8').includes('function loadPlaybookUnjudged('));
    expect(loaderChunks).toHaveLength(1);
    const loaded = (name: string) => {
      const trace = path.join(dir, `${name}.trace`);
      const res = plan(dir, { NODE_OPTIONS: `--import=${pathToFileURL(REGISTER).href}`, MW_TRACE_FILE: trace });
      expect(res.code, res.stderr).toBe(2);
      return (existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : []).map((u) => path.basename(fileURLToPath(u)));
    };
    const hit = loaded('hit');
    expect(hit).toContain('cli.js');
    expect(hit).not.toContain(loaderChunks[0]);
    rmSync(cacheFile);
    expect(loaded('miss')).toContain(loaderChunks[0]);
  });
});
