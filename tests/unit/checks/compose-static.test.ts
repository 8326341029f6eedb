import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeBindSourcesExist } from '../../../src/checks/compose-bind-sources-exist.js';
import { composeNamesSuffixed } from '../../../src/checks/compose-names-suffixed.js';
import { composeParallelSafe } from '../../../src/checks/compose-parallel-safe.js';
import { makeDryRun } from '../../../src/checks/make-dry-run.js';
import { contextFor, tempProject } from '../../helpers/context.js';

function project(files: Record<string, string>): string {
  const root = tempProject();
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), t);
  }
  return root;
}

describe('compose.parallel-safe', () => {
  const files = (testPort: string) => ({
    'dev.yml': 'services:\n  web: {image: x, container_name: web-dev, ports: ["${WEB_PORT}:80"]}\n',
    'test.yml': `services:\n  web: {image: x, container_name: web-test, ports: ["${testPort}:80"]}\n`,
    '.env.dev': 'WEB_PORT=8000\n',
  });
  const spec = (extra = {}) =>
    composeParallelSafe.schema.parse({
      type: 'compose.parallel-safe',
      processEnv: false,
      files: [
        { file: 'dev.yml', project: 'a-dev', envFiles: ['.env.dev'] },
        { file: 'test.yml', project: 'a-test' },
      ],
      ...extra,
    });

  it('passes disjoint projects and fails a clash, naming file and service', async () => {
    expect((await composeParallelSafe.run(spec(), contextFor(project(files('18000'))))).status).toBe('passed');
    const r = await composeParallelSafe.run(spec(), contextFor(project(files('8000'))));
    expect(r.status).toBe('failed');
    expect(r.message).toContain('conflict: host port 0.0.0.0:8000/tcp: dev.yml service web and 0.0.0.0:8000/tcp in test.yml service web');
  });

  it('fails when a port cannot be proven (variable unset) and on an unreadable file', async () => {
    const root = project({ ...files('18000'), '.env.dev': '' });
    const r = await composeParallelSafe.run(spec(), contextFor(root));
    expect(r.status).toBe('failed');
    expect(r.message).toContain('cannot prove: dev.yml service web: port "${WEB_PORT}:80": variable WEB_PORT is not set');
    writeFileSync(path.join(root, 'test.yml'), 'services: [\n');
    expect((await composeParallelSafe.run(spec(), contextFor(root))).message).toMatch(/^test\.yml:\d+:\d+: /);
  });
});

describe('compose.names-suffixed', () => {
  it('passes suffixed names and lists the others with file:line', async () => {
    const ok = project({ 'c.yml': 'services:\n  a: {image: x, container_name: "${N:-a}-dev"}\n  b: {image: x}\nvolumes: {v: {name: v-dev}, e: {external: true, name: shared}}\n' });
    const r = await composeNamesSuffixed.run(composeNamesSuffixed.schema.parse({ type: 'compose.names-suffixed', file: 'c.yml', suffix: '-dev' }), contextFor(ok));
    expect(r).toEqual({ status: 'passed', message: '1 container name(s) end with -dev; 1 service(s) without container_name are named by -p' });
    const bad = project({ 'c.yml': 'name: p\nservices:\n  a: {image: x, container_name: a}\nnetworks: {n: {name: net}}\n' });
    const f = await composeNamesSuffixed.run(composeNamesSuffixed.schema.parse({ type: 'compose.names-suffixed', file: 'c.yml', suffix: '-dev' }), contextFor(bad));
    expect(f.status).toBe('failed');
    expect(f.message).toBe('3 name(s) without -dev:\n  c.yml:3:3: service a: container_name "a"\n  c.yml: networks.n: name "net"\n  c.yml: top-level name: (docker-compose v1 rejects it; use -p)');
  });
});

describe('compose.bind-sources-exist', () => {
  const compose = 'services:\n  api:\n    image: x\n    volumes: ["./.env:/app/.env", "./data:/data"]\n';
  it('fails on the renamed-but-still-mounted .env (Docker would make a folder), notes a missing data folder', async () => {
    const root = project({ 'docker-compose.yml': compose, '.env.dev': 'A=1\n' });
    const r = await composeBindSourcesExist.run(composeBindSourcesExist.schema.parse({ type: 'compose.bind-sources-exist', file: 'docker-compose.yml' }), contextFor(root));
    expect(r.status).toBe('failed');
    expect(r.message).toContain('docker-compose.yml service api: bind mount source ./.env (→ /app/.env) does not exist; Docker would create a directory in its place');
    writeFileSync(path.join(root, '.env'), 'A=1\n');
    const ok = await composeBindSourcesExist.run(composeBindSourcesExist.schema.parse({ type: 'compose.bind-sources-exist', file: 'docker-compose.yml' }), contextFor(root));
    expect(ok.status).toBe('passed');
    expect(ok.message).toContain('note: docker-compose.yml: bind mount folder ./data does not exist yet (service api); Docker will create it');
  });

  it('notes a folder many services mount once, naming them', async () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((n) => `  ${n}:\n    image: x\n    volumes: ["./shared:/s"]\n`).join('');
    const root = project({ 'docker-compose.yml': `services:\n${many}` });
    const r = await composeBindSourcesExist.run(composeBindSourcesExist.schema.parse({ type: 'compose.bind-sources-exist', file: 'docker-compose.yml' }), contextFor(root));
    expect(r.status).toBe('passed');
    expect(r.message.split('\n').filter((l) => l.includes('note:'))).toEqual([
      '  note: docker-compose.yml: bind mount folder ./shared does not exist yet (services a, b, c and 2 more); Docker will create it',
    ]);
  });
});

describe('make.dry-run', () => {
  const haveMake = spawnSync('make', ['--version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!haveMake)('runs the real make -n per target: passes tab recipes, fails space recipes and missing targets', async () => {
    const root = project({ Makefile: 'dev-up:\n\techo up\n', 'Bad.mk': 'dev-up:\n    echo up\n' });
    const spec = (file: string, targets: string[]) => makeDryRun.schema.parse({ type: 'make.dry-run', file, targets });
    expect((await makeDryRun.run(spec('Makefile', ['dev-up']), contextFor(root))).status).toBe('passed');
    const missing = await makeDryRun.run(spec('Makefile', ['dev-up', 'nope']), contextFor(root));
    expect(missing.status).toBe('failed');
    expect(missing.message).toMatch(/^make -n nope: exit 2\n.*No rule to make target 'nope'/s);
    const spaces = await makeDryRun.run(spec('Bad.mk', ['dev-up']), contextFor(root));
    expect(spaces.status).toBe('failed');
    expect(spaces.message).toContain('missing separator');
  });
});
