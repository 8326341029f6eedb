/**
 * Phases 2 and 3 (the steps that need no engine) through the built CLI on a corpus project
 * as users have it: dockersamples' voting app with a .env holding secrets, a Makefile whose
 * test target execs into a service, a README, a .gitignore and a test overlay under a name
 * of its own (so Phase 3 has a replaced file to retire). Then: a second run changes nothing,
 * the manual ROLLBACK_PROCEDURE.md replayed with bash gives the original tree back, and so
 * does `rollback`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionTypes } from '../../src/actions/index.js';
import { loadPlaybook } from '../../src/engine/playbook/load.js';
import { substitute } from '../../src/engine/playbook/variables.js';
import { appliedChanges } from '../../src/engine/progress.js';
import { FACT_NAMES } from '../../src/facts/detect.js';
import { copyTree, removeTree, runCli, snapshot, tempDir, type Snapshot } from '../helpers/cli.js';
import { contextFor } from '../helpers/context.js';

const CORPUS = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'compose', 'dockersamples__example-voting-app');
const CANARIES = ['canary-pw-41x9', 'canary-token-77q', 'canary-secret-key-5'];
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

function fixture(): string {
  const root = tempDir('mw-p23-');
  cpSync(path.join(CORPUS, 'docker-compose.yml'), path.join(root, 'docker-compose.yml'));
  chmodSync(path.join(root, 'docker-compose.yml'), 0o644); // the corpus copy is read-only
  for (const d of ['vote', 'result', 'worker']) {
    mkdirSync(path.join(root, d));
    writeFileSync(path.join(root, d, 'Dockerfile'), 'FROM scratch\n');
  }
  writeFileSync(
    path.join(root, '.env'),
    '# voting app\nPOSTGRES_USER=postgres\nPOSTGRES_PASSWORD=canary-pw-41x9\nDATABASE_URL=postgres://postgres:canary-pw-41x9@db:5432/votes\nAPI_TOKEN="canary-token-77q"\nSECRET_KEY=canary-secret-key-5\nOPTION_A=Cats\n',
  );
  writeFileSync(path.join(root, 'Makefile'), 'COMPOSE ?= docker-compose\n\nup:\n\t$(COMPOSE) up -d\n\ntest:\n\t$(COMPOSE) exec -T votes python -m pytest -q tests/\n');
  writeFileSync(path.join(root, 'README.md'), '# Voting app\n\nRun `docker-compose up`.\n');
  writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n/.env\n');
  writeFileSync(path.join(root, 'docker-compose.testing.yml'), '# test overlay\nservices:\n  votes:\n    environment:\n      APP_ENV: test\n');
  writeFileSync(path.join(root, 'run-tests.sh'), '#!/bin/sh\nexec make test\n', { mode: 0o755 });
  return root;
}

const SET = ['--set', 'composeTestFile=docker-compose.testing.yml', '--set', 'composeCli=docker-compose', '--set', 'testCommand=make test'];
const cli = (root: string, ...args: string[]) => runCli(['--cwd', root, '--yes', '--plain', ...SET, ...args]);
const read = (root: string, p: string) => readFileSync(path.join(root, p), 'utf8');

describe('parallel-envs Phases 2 and 3 on the voting app (corpus)', () => {
  let root: string;
  let original: Snapshot;
  let phase2: ReturnType<typeof runCli>;
  let phase3: ReturnType<typeof runCli>;
  const dirs: string[] = [];

  beforeAll(() => {
    root = fixture();
    dirs.push(root);
    original = snapshot(root);
    const p1 = cli(root, '--to', 'makefile');
    expect(p1.code, p1.stderr).toBe(0);
    phase2 = cli(root, '--from', 'ssl-test', '--to', 'readme-section');
    phase3 = cli(root, '--from', 'ignore-env', '--to', 'rollback-procedure');
  }, 180_000);
  afterAll(() => dirs.forEach(removeTree));

  it('Phase 2 ends non-zero only because built services have no known probe (a person must confirm)', () => {
    expect(phase2.code, phase2.stderr).toBe(1);
    for (const step of ['ssl-test', 'env-ci', 'ci-compose', 'ci-workflow', 'migration-guide', 'readme-section']) expect(phase2.stderr).toMatch(new RegExp(`✓ ${step}: passed`));
    expect(phase2.stderr).toMatch(/- healthchecks: skipped \(waiting for sign-off: needs a person: service votes has no healthcheck in docker-compose\.dev\.yml, docker-compose\.test\.yml \(built from \.\/vote/);
  });

  it('ssl-test: a self-signed pair (key 0600) mounted read-only into the service the tests exec into', () => {
    if (!hasOpenssl) {
      expect(phase2.stderr).toMatch(/openssl is not installed/);
      return;
    }
    expect(statSync(path.join(root, 'certs/key.pem')).mode & 0o777).toBe(0o600);
    expect(read(root, 'certs/cert.pem')).toMatch(/BEGIN CERTIFICATE/);
    const test = parse(read(root, 'docker-compose.test.yml')).services;
    expect(test.votes.volumes).toContain('./certs:/certs:ro');
    expect(test.votes.environment.SSL_ENABLED).toBe('${SSL_ENABLED:-false}');
    expect(test.result.volumes).not.toContain('./certs:/certs:ro');
  });

  it('healthchecks: redis and postgres get their probes in the base, dev and test files', () => {
    for (const f of ['docker-compose.yml', 'docker-compose.dev.yml', 'docker-compose.test.yml']) {
      const s = parse(read(root, f)).services;
      expect(s.redis.healthcheck.test, f).toEqual(['CMD', 'redis-cli', 'ping']);
      expect(s.db.healthcheck.test[1], f).toMatch(/^pg_isready/);
    }
    // The base file kept everything else byte for byte: only healthcheck blocks were added.
    const base = read(root, 'docker-compose.yml').replace(/\n    healthcheck:\n(      .*\n)+/g, '\n');
    expect(base).toBe(readFileSync(path.join(CORPUS, 'docker-compose.yml'), 'utf8'));
  });

  it('env-ci: no canary in .env.ci or any .example file; the examples are blank where secret', () => {
    for (const f of ['.env.ci', '.env.dev.example', '.env.test.example', '.env.ci.example']) {
      const text = read(root, f);
      for (const c of CANARIES) expect(text, `${f} leaks ${c}`).not.toContain(c);
      expect(text).toContain('OPTION_A=Cats');
    }
    expect(read(root, '.env.ci')).toContain('DATABASE_URL=postgres://postgres:mock-postgres-password-for-ci@db:5432/votes');
    expect(read(root, '.env.test.example')).toMatch(/^POSTGRES_PASSWORD=$/m);
  });

  it('ci-compose: standalone, no host ports, the Makefile test command beside votes, accepted by docker-compose config', () => {
    const text = read(root, 'docker-compose.ci.yml');
    const ci = parse(text);
    expect(text).toMatch(/^# Run: docker-compose -f docker-compose\.ci\.yml -p mw-p23-\S+-ci --env-file \.env\.ci up --build --abort-on-container-exit --exit-code-from votes-tests$/m);
    expect(Object.keys(ci.services).sort()).toEqual(['votes', 'votes-tests']); // votes depends on nothing
    for (const s of Object.values<Record<string, unknown>>(ci.services)) {
      expect(s.ports).toBeUndefined();
      expect(s.container_name).toBeUndefined();
    }
    expect(ci.services['votes-tests']).toMatchObject({ network_mode: 'service:votes', command: ['python', '-m', 'pytest', '-q', 'tests/'] });
    expect(ci.services.votes.environment.APP_ENV).toBe('test'); // from the overlay
    expect(phase2.stderr).toMatch(/✓ check compose\.valid: docker-compose[^\n]*accepts docker-compose\.ci\.yml/);
  });

  it('ci-workflow: valid YAML that runs that very command, refers only to existing files, uploads nothing', () => {
    const wf = parse(read(root, '.github/workflows/compose-tests.yml'));
    const steps = wf.jobs.tests.steps as { run?: string; uses?: string; env?: Record<string, string> }[];
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/cp \.env\.ci\.example \.env\.ci/);
    expect(runs).toMatch(/docker compose -f docker-compose\.ci\.yml -p mw-p23-\S+-ci --env-file \.env\.ci up --build --abort-on-container-exit --exit-code-from votes-tests/);
    expect(steps.find((s) => s.env)?.env).toEqual({ POSTGRES_PASSWORD: '${{ secrets.POSTGRES_PASSWORD }}', API_TOKEN: '${{ secrets.API_TOKEN }}', SECRET_KEY: '${{ secrets.SECRET_KEY }}' });
    expect(steps.some((s) => /upload/.test(s.uses ?? ''))).toBe(false);
    for (const f of ['docker-compose.ci.yml', '.env.ci.example']) expect(existsSync(path.join(root, f))).toBe(true);
    expect(phase2.stderr).toMatch(/✓ check ci\.workflow-valid/);
  });

  it('docs: the guide and README section quote this project\'s commands, ports and env files', () => {
    const guide = read(root, 'MIGRATION_GUIDE.md');
    const testPorts = parse(read(root, 'docker-compose.test.yml')).services.votes.ports as string[];
    const testVotes = testPorts[0].split(':')[0];
    expect(guide).toContain(`| votes | 5000→80 | ${testVotes}→80 |`);
    expect(guide).toContain('| `docker-compose -f docker-compose.yml -f docker-compose.testing.yml up -d` | `make test-up` |');
    expect(guide).toContain('| `make up` | `make dev-up` | your `up` target is unchanged and still uses `docker-compose.yml`; `dev-up` is the dev one |');
    expect(guide).toContain('make test-run    # test stack up, then make test');
    const readme = read(root, 'README.md');
    expect(readme.startsWith('# Voting app\n\nRun `docker-compose up`.\n')).toBe(true);
    expect(readme).toContain(`make test-run    # test: votes on ${testVotes}`);
  });

  it('Phase 3: .gitignore gets only what was missing, .dockerignore is created, the replaced overlay is retired to .old', () => {
    expect(phase3.code, phase3.stderr).toBe(0);
    const gi = read(root, '.gitignore');
    expect(gi.startsWith('node_modules/\n/.env\n')).toBe(true);
    expect(gi.match(/^\.env\.test$/gm)).toHaveLength(1);
    expect(gi).toMatch(/^\.env\.ci$/m);
    expect(gi).not.toMatch(/^\.env$/m); // `/.env` already covers it
    expect(read(root, '.dockerignore')).toBe('# Env files never go into an image (migrate-wizard)\n.env\n.env.*\n');
    expect(existsSync(path.join(root, 'docker-compose.testing.yml'))).toBe(false);
    expect(read(root, 'docker-compose.testing.yml.old')).toContain('# test overlay');
    const proc = read(root, 'ROLLBACK_PROCEDURE.md');
    expect(proc).toContain('| retire-old | renamed | `docker-compose.testing.yml → docker-compose.testing.yml.old` |');
    expect(proc).toContain('npx migrate-wizard rollback');
  });

  it('a second run of Phases 2 and 3 changes no file', () => {
    const before = snapshot(root);
    const again2 = cli(root, '--from', 'ssl-test', '--to', 'readme-section');
    const again3 = cli(root, '--from', 'ignore-env', '--to', 'rollback-procedure');
    expect(again3.code, again3.stderr).toBe(0);
    expect(`${again2.stderr}${again3.stderr}`).not.toMatch(/^\s+(created|changed|renamed):/m);
    expect(snapshot(root)).toEqual(before);
  }, 120_000);

  it('every action of Phases 2 and 3, planned again on the finished tree, plans no change', async () => {
    const playbook = loadPlaybook(path.resolve(import.meta.dirname, '..', '..', 'phases', 'parallel-envs'), 'parallel-envs', { knownVariables: [...FACT_NAMES] });
    const vars = JSON.parse(read(root, '.migrate-wizard/state.json')).vars as Record<string, string>;
    const records = read(root, '.migrate-wizard/journal.ndjson').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const changes = appliedChanges(records).ops.map(({ step, op }) =>
      op.kind === 'rename'
        ? { stepId: step, kind: 'rename' as const, path: op.to, from: op.from, afterSha256: op.file.hash }
        : { stepId: step, kind: op.before ? ('modify' as const) : ('create' as const), path: op.path, beforeSha256: op.before?.hash, afterSha256: op.after.hash },
    );
    let planned = 0;
    for (const phase of playbook.phases.filter((p) => p.id !== 'split')) {
      for (const step of phase.steps) {
        for (const raw of step.actions) {
          const spec = substitute(raw, vars, step.id);
          const def = actionTypes.find((a) => a.type === spec.type)!;
          if (!def.plan) continue;
          const ops = await def.plan(def.schema.parse(spec), contextFor(root, { appliedChanges: () => changes, now: () => new Date() }));
          expect(ops.map((o) => (o.kind === 'write' ? o.path : `${o.from}→${o.to}`)), `${step.id}: ${spec.type}`).toEqual([]);
          planned++;
        }
      }
    }
    expect(planned).toBeGreaterThanOrEqual(14);
  });

  it('the manual procedure in ROLLBACK_PROCEDURE.md, run with bash in a copy, gives the original tree back byte for byte', () => {
    const copy = copyTree(root);
    dirs.push(copy);
    const md = read(copy, 'ROLLBACK_PROCEDURE.md');
    const script = /## By hand[\s\S]*?```sh\n([\s\S]*?)```/.exec(md)![1];
    execFileSync('bash', ['-c', script], { cwd: copy, stdio: 'pipe' });
    expect(snapshot(copy)).toEqual(original);
  });

  it('`rollback` gives the original tree back too', () => {
    const copy = copyTree(root);
    dirs.push(copy);
    const r = runCli(['--cwd', copy, '--yes', '--plain', 'rollback']);
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(copy)).toEqual(original);
  });
});
