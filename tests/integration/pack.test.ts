import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

/**
 * The published tarball, as a user gets it: `npm pack` (whose prepack builds), then
 * `npx ./migrate-wizard-*.tgz` with an empty npm cache (a fresh machine) and an install into an
 * empty folder. The bundle inlines every dependency, so none of this needs the registry.
 */
const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
const work = mkdtempSync(path.join(os.tmpdir(), 'mw-pack-'));
const cache = path.join(work, 'npm-cache');
let tarball = '';

function run(cmd: string, args: string[], cwd: string) {
  const res = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    // A private cache stands in for a machine that has never seen the package; CI off so
    // nothing in the child behaves differently from a user's terminal-less shell.
    env: { ...process.env, npm_config_cache: cache, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', CI: '' },
  });
  const out = { code: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
  if (out.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${out.code}\n${out.stderr}\n${out.stdout}`);
  return out;
}

beforeAll(() => {
  const res = run('npm', ['pack', '--pack-destination', work, '--loglevel=warn'], REPO);
  tarball = res.stdout.trim().split('\n').pop()!;
}, 90_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  it('ships dist, the built-in playbooks, the schema and the README, and no sources or tests', () => {
    expect(tarball).toBe(`${pkg.name}-${pkg.version}.tgz`);
    const list = spawnSync('tar', ['-tzf', path.join(work, tarball)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(list).toContain('package/dist/cli.js');
    expect(list).toContain('package/phases/schema.json');
    expect(list).toContain('package/phases/example/1-first-phase.yaml');
    expect(list).toContain('package/README.md');
    expect(list).toContain('package/package.json');
    expect(list.filter((f) => /^package\/(src|tests|scripts|bench|demo|node_modules)\//.test(f))).toEqual([]);
  });

  it('runs with `npx ./migrate-wizard-*.tgz --help` from an empty npm cache', () => {
    const res = run('npx', ['--yes', `./${tarball}`, '--help'], work);
    expect(res.stdout).toContain(`migrate-wizard ${pkg.version}`);
    expect(res.stdout).toContain('Exit codes:');
  });

  it('installs into an empty project with nothing but itself, and runs --version, --help and a real playbook', () => {
    const app = path.join(work, 'app');
    cpSync(path.join(REPO, 'tests', 'fixtures', 'crash', 'project'), path.join(work, 'target'), { recursive: true });
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'pack-test-app', private: true }));
    run('npm', ['install', '--no-save', '--prefer-offline', '--loglevel=error', path.join(work, tarball)], app);

    // The bundle inlines its dependencies: a runtime dependency here means the build left one external.
    const installed = readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed, 'the tarball pulled in dependencies; bundle them (scripts/build.mjs) instead').toEqual([pkg.name]);

    expect(run('npx', ['--no-install', 'migrate-wizard', '--version'], app).stdout).toBe(`${pkg.version}\n`);
    expect(run('npx', ['--no-install', 'migrate-wizard', '--help'], app).stdout).toContain('Usage: migrate-wizard');

    // A real run of the built-in example playbook (found next to the installed dist/).
    const target = path.join(work, 'target');
    const bin = path.join(app, 'node_modules', '.bin', 'migrate-wizard');
    run(bin, ['--cwd', target, '--playbook', 'example', '--yes', '--plain'], app);
    expect(readFileSync(path.join(target, 'config', 'app.conf'), 'utf8')).toBe('port=8080\n');
    const status = run(bin, ['status', '--cwd', target, '--json'], app);
    expect(status.stdout).toContain('"type":"status"');
  });
});
