import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerResourceName, incompleteServices, loadComposeModel } from '../../../src/compose/model.js';
import { DiskProjectFs } from '../../../src/engine/disk-fs.js';
import { tempProject } from '../../helpers/context.js';

function project(files: Record<string, string>): DiskProjectFs {
  const root = tempProject();
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), t);
  }
  return new DiskProjectFs(root);
}

describe('loadComposeModel', () => {
  it('resolves extends: same-file, cross-file {file, service} and the legacy string form', async () => {
    const fs = project({
      'base/common.yml': 'services:\n  app:\n    image: app:1\n    env_file: ./app.env\n    volumes: ["./src:/src"]\n    environment: [A=1, B=2]\n',
      'docker-compose.yml': [
        'services:',
        '  dev-base:',
        '    image: dev',
        '    environment: {X: "1"}',
        '  dev:',
        '    extends: dev-base',
        '  web:',
        '    extends: {service: dev}',
        '    environment: {Y: "2"}',
        '  api:',
        '    extends:',
        '      file: base/common.yml',
        '      service: app',
        '    environment: [B=3]',
        '',
      ].join('\n'),
    });
    const m = await loadComposeModel(fs, 'docker-compose.yml', { env: {} });
    const svc = Object.fromEntries(m.services.map((s) => [s.name, s]));
    expect(svc.dev.image).toBe('dev');
    expect(svc.web.image).toBe('dev');
    expect(svc.web.config.environment).toEqual({ X: '1', Y: '2' });
    expect(svc.api.image).toBe('app:1');
    expect(svc.api.config.environment).toEqual({ A: '1', B: '3' });
    // Paths from the other file are rebased onto this file's folder.
    expect(svc.api.envFiles).toEqual([{ path: './base/app.env', required: true }]);
    expect(svc.api.mounts[0]).toMatchObject({ type: 'bind', source: './base/src', target: '/src' });
    expect(m.problems).toEqual([]);
  });

  it('reports an extends whose file is missing as a problem naming the service', async () => {
    const fs = project({ 'c.yml': 'services:\n  a:\n    extends: {file: gone.yml, service: x}\n' });
    const m = await loadComposeModel(fs, 'c.yml', { env: {} });
    expect(m.problems[0]).toMatchObject({ kind: 'extends', where: 'c.yml:2:3' });
    expect(m.problems[0].message).toMatch(/gone\.yml, which does not exist/);
    expect(incompleteServices(m).map((s) => s.name)).toEqual(['a']);
  });

  it('collects names, ports, networks, volumes, env files, mounts, depends_on, healthchecks, commands', async () => {
    const fs = project({
      'c.yml': [
        'name: proj',
        'x-common: &common',
        '  restart: always',
        '  container_name: ${NAME:-shared}',
        'services:',
        '  db:',
        '    <<: *common',
        '    image: postgres:16',
        '    ports: ["127.0.0.1:${DB_PORT:-5432}:5432"]',
        '    volumes: [data:/var/lib/postgresql/data, ./.env:/app/.env, {type: bind, source: ./conf, target: /conf}]',
        '    env_file: [.env, {path: ./opt.env, required: false}]',
        '    healthcheck: {test: [CMD, pg_isready]}',
        '    networks: [back]',
        '  web:',
        '    image: web',
        '    command: sleep infinity',
        '    depends_on: {db: {condition: service_healthy}}',
        '    env_file: .env',
        '    network_mode: host',
        'networks:',
        '  back: {name: "${NET:-backnet}"}',
        '  ext: {external: true}',
        'volumes:',
        '  data:',
        '  old: {external: {name: legacy}}',
        '',
      ].join('\n'),
    });
    const m = await loadComposeModel(fs, 'c.yml', { env: { DB_PORT: '6543' } });
    const [db, web] = m.services;
    expect(m.topLevelName).toBe('proj');
    expect(db.containerName).toBe('shared');
    expect(db.ports).toEqual([{ hostIp: '127.0.0.1', hostPort: 6543, containerPort: 5432, protocol: 'tcp' }]);
    expect(db.mounts.map((x) => [x.type, x.source, x.target])).toEqual([
      ['volume', 'data', '/var/lib/postgresql/data'],
      ['bind', './.env', '/app/.env'],
      ['bind', './conf', '/conf'],
    ]);
    expect(db.envFiles).toEqual([{ path: '.env', required: true }, { path: './opt.env', required: false }]);
    expect(db.healthcheck).toBeDefined();
    expect(db.networks).toEqual(['back']);
    expect(web.networks).toEqual([]);
    expect(web.command).toBe('sleep infinity');
    expect(web.dependsOn).toEqual({ db: { condition: 'service_healthy' } });
    expect(m.networks).toEqual([{ key: 'back', external: false, name: 'backnet' }, { key: 'ext', external: true, name: undefined }]);
    expect(m.volumes).toEqual([{ key: 'data', external: false, name: undefined }, { key: 'old', external: true, name: 'legacy' }]);
    expect(dockerResourceName('My.App', m.volumes[0])).toBe('myapp_data');
    expect(dockerResourceName('x', m.volumes[1])).toBe('legacy');
    expect(dockerResourceName('x', m.networks[1])).toBe('ext');
  });
});

describe('buildComposeModel reuse within a run', () => {
  it('reuses a model only while the env and every file extends read are unchanged', async () => {
    const fs = project({
      'common.yml': 'services:\n  app:\n    image: app:1\n',
      'docker-compose.yml': 'services:\n  web:\n    extends: {file: common.yml, service: app}\n    ports: ["${PORT:-80}:80"]\n',
    });
    const first = await loadComposeModel(fs, 'docker-compose.yml', { env: {} });
    expect(await loadComposeModel(fs, 'docker-compose.yml', { env: {} })).toBe(first);

    const otherEnv = await loadComposeModel(fs, 'docker-compose.yml', { env: { PORT: '81' } });
    expect(otherEnv).not.toBe(first);
    expect(otherEnv.services[0].ports[0].hostPort).toBe(81);

    writeFileSync(path.join(fs.root, 'common.yml'), 'services:\n  app:\n    image: app:2\n');
    const afterEdit = await loadComposeModel(fs, 'docker-compose.yml', { env: {} });
    expect(afterEdit).not.toBe(first);
    expect(afterEdit.services[0].image).toBe('app:2');
  });

  it('is frozen in tests, so a consumer that changes a shared model fails', async () => {
    const fs = project({ 'docker-compose.yml': 'services:\n  web:\n    image: a\n' });
    const model = await loadComposeModel(fs, 'docker-compose.yml', { env: {} });
    expect(() => model.services.push(model.services[0])).toThrow(TypeError);
  });
});
