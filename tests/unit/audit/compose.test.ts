import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCompose } from '../../../src/audit/compose.js';
import { findPortConflicts } from '../../../src/audit/compose-ports.js';
import { removeTree, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTree));

function project(files: Record<string, string>): string {
  const dir = tempDir('mw-audit-');
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('readCompose', () => {
  it('gives line numbers for services, ports, container names, even through merge keys', () => {
    const dir = project({
      'compose.yaml': ['x-base: &base', '  image: app:1', '  container_name: shared', 'services:', '  a:', '    <<: *base', '    ports:', '      - "${A_PORT:-8080}:80"', '      - target: 443', '        published: "8443"', '  b:', '    image: b:1', '    container_name: ${B_NAME:-bee}', ''].join('\n'),
    });
    const c = readCompose(dir, 'compose.yaml');
    const [a, b] = c.services;
    expect(a!.line).toBe(5);
    expect(a!.image).toBe('app:1');
    expect(a!.containerName).toEqual({ value: 'shared', raw: 'shared', line: 5 }); // inherited: the service line
    expect(a!.ports.map((p) => [p.line, p.host, p.container])).toEqual([
      [8, [8080, 8080], '80'],
      [9, [8443, 8443], '443'],
    ]);
    expect(b!.containerName).toEqual({ value: 'bee', raw: '${B_NAME:-bee}', line: 13 });
  });

  it('takes values from .env, else from a committed template', () => {
    const withEnv = project({ 'docker-compose.yml': 'services:\n  a:\n    image: x:1\n    ports: ["${P}:80"]\n', '.env': 'P=9000\n', '.env.example': 'P=1\n' });
    expect(readCompose(withEnv, 'docker-compose.yml').services[0]!.ports[0]!.host).toEqual([9000, 9000]);
    const withTemplate = project({ 'docker-compose.yml': 'services:\n  a:\n    image: x:1\n    ports: ["${P}:80"]\n', '.env.example': 'P=7000\n' });
    const c = readCompose(withTemplate, 'docker-compose.yml');
    expect([c.envSource, c.services[0]!.ports[0]!.host]).toEqual(['.env.example', [7000, 7000]]);
    const unset = project({ 'docker-compose.yml': 'services:\n  a:\n    image: x:1\n    ports: ["${P}:80"]\n' });
    expect(readCompose(unset, 'docker-compose.yml').services[0]!.ports[0]!.unresolved).toEqual(['P']);
  });

  it('reads duplicate keys (last wins) and reports YAML errors as notes', () => {
    const dir = project({ 'docker-compose.yml': 'services:\n  a:\n    image: x:1\n    image: x:2\n', 'compose.bad.yml': 'services: [\n' });
    expect(readCompose(dir, 'docker-compose.yml').services[0]!.image).toBe('x:2');
    expect(readCompose(dir, 'compose.bad.yml').errors.length).toBeGreaterThan(0);
  });
});

describe('findPortConflicts', () => {
  const conflicts = (files: Record<string, string>) => {
    const dir = project(files);
    return findPortConflicts(Object.keys(files).filter((f) => f.endsWith('.yml')).sort().map((f) => readCompose(dir, f))).map((c) => `${c.a.file}:${c.a.service}~${c.b.file}:${c.b.service}@${c.port}`);
  };
  it('across files and within a file; ranges; IPs and protocols keep ports apart', () => {
    expect(
      conflicts({
        'a.yml': 'services:\n  s1:\n    image: x:1\n    ports: ["8000:80", "127.0.0.1:9000:90", "5000-5010:5000-5010"]\n  s2:\n    image: x:1\n    ports: ["8000:81"]\n',
        'b.yml': 'services:\n  t1:\n    image: x:1\n    ports: ["127.0.0.2:9000:90", "5005:5005", "8000:80/udp"]\n',
      }),
    ).toEqual(['a.yml:s1~a.yml:s2@8000', 'a.yml:s1~b.yml:t1@5005']);
  });
  it('compares a folder with its subfolders, not sibling projects', () => {
    expect(
      conflicts({
        'docker-compose.yml': 'services:\n  web:\n    image: w:1\n    ports: ["80:80"]\n',
        'docker/compose.test.yml': 'services:\n  web_test:\n    image: w:1\n    ports: ["80:80"]\n',
        'examples/a/compose.yml': 'services:\n  a:\n    image: a:1\n    ports: ["9000:9000"]\n',
        'examples/b/compose.yml': 'services:\n  b:\n    image: b:1\n    ports: ["9000:9000"]\n',
      }),
    ).toEqual(['docker-compose.yml:web~docker/compose.test.yml:web_test@80']);
  });
  it('ignores disjoint profiles, overlays and override files', () => {
    expect(
      conflicts({
        'docker-compose.yml': 'services:\n  cpu:\n    image: o:1\n    profiles: [cpu]\n    ports: ["11434:11434"]\n  gpu:\n    image: o:1\n    profiles: [gpu]\n    ports: ["11434:11434"]\n  web:\n    image: w:1\n    ports: ["80:80"]\n',
        'docker-compose.override.yml': 'services:\n  web:\n    image: w:2\n    ports: ["80:80"]\n',
        'docker-compose.ci.yml': 'services:\n  web:\n    ports: ["80:80"]\n',
      }),
    ).toEqual([]);
  });
});

describe('compose findings details', () => {
  it('explicit service_started is a choice, not a missing healthcheck; long-syntax binds point at source:', async () => {
    const { runAudit } = await import('../../../src/audit/scan.js');
    const dir = project({
      'docker-compose.yml': [
        'services:', // 1
        '  web:', // 2
        '    image: w:1', // 3
        '    depends_on:', // 4
        '      consumer: {condition: service_started}', // 5
        '      cache:', // 6
        '        condition: service_started', // 7
        '      migrate: {condition: service_completed_successfully}', // 8
        '      db: {condition: service_healthy}', // 9
        '    volumes:', // 10
        '      - type: bind', // 11
        '        source: ./conf/web.ini', // 12
        '        target: /etc/web.ini', // 13
        '  consumer: {image: c:1}', // 14
        '  cache: {image: r:1}', // 15
        '  migrate: {image: w:1}', // 16
        '  db: {image: p:1}', // 17
        '',
      ].join('\n'),
    });
    const ids = runAudit(dir).findings.filter((f) => f.rule.startsWith('compose.')).map((f) => `${f.id} ${f.priority}`);
    expect(ids).toEqual(['compose.bind-source-missing@docker-compose.yml:12 high', 'compose.depends-without-healthcheck@docker-compose.yml:17 high']);
  });
});
