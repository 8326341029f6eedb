import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildComposeModel } from '../../../src/compose/model.js';
import { checkParallelSafety, missingBindSources } from '../../../src/compose/parallel-safety.js';
import { parseComposeText } from '../../../src/compose/parse.js';
import { DiskProjectFs } from '../../../src/engine/disk-fs.js';
import { tempProject } from '../../helpers/context.js';

const fs = new DiskProjectFs(tempProject());
const model = (file: string, text: string, env: Record<string, string> = {}) => buildComposeModel(parseComposeText(text, file), fs, { env });

describe('checkParallelSafety', () => {
  it('names every conflict with file and service', async () => {
    const a = await model('a.yml', [
      'services:',
      '  web: {image: x, container_name: "${N:-web}", ports: ["8000:80", "127.0.0.1:9000:9000"]}',
      'networks: {default: {name: shared-net}}',
      'volumes: {data: {name: shared-data}, own: {}}',
      '',
    ].join('\n'));
    const b = await model('b.yml', [
      'services:',
      '  site: {image: y, container_name: web, ports: ["0.0.0.0:8000:8080", "127.0.0.2:9000:9000", "9000/udp"]}',
      'networks: {default: {name: shared-net}}',
      'volumes: {data: {name: shared-data}, own: {}}',
      '',
    ].join('\n'));
    const r = checkParallelSafety([{ model: a, project: 'p-dev' }, { model: b, project: 'p-test' }]);
    expect(r.conflicts.map((c) => c.message)).toEqual([
      'container name "web": a.yml service web and b.yml service site',
      'host port 0.0.0.0:8000/tcp: a.yml service web and 0.0.0.0:8000/tcp in b.yml service site',
      'network "shared-net": a.yml and b.yml (non-external; rename one or drop its name: so -p isolates it)',
      'volume "shared-data": a.yml and b.yml (non-external; rename one or drop its name: so -p isolates it)',
    ]);
    expect(r.unproven).toEqual([]);
  });

  it('passes disjoint projects, and counts an all-interfaces port against every IP', async () => {
    const a = await model('a.yml', 'services:\n  w: {image: x, ports: ["127.0.0.1:80:80"]}\nvolumes: {v: {}}\n');
    const b = await model('b.yml', 'services:\n  w: {image: x, ports: ["81:80"]}\nvolumes: {v: {}}\n');
    expect(checkParallelSafety([{ model: a, project: 'p-dev' }, { model: b, project: 'p-test' }]).conflicts).toEqual([]);
    const c = await model('c.yml', 'services:\n  w: {image: x, ports: ["80:80"]}\n');
    expect(checkParallelSafety([{ model: a, project: 'p-dev' }, { model: c, project: 'p-test' }]).conflicts[0].kind).toBe('host-port');
  });

  it('flags the same project name (then even default names collide)', async () => {
    const a = await model('a.yml', 'services:\n  w: {image: x}\n');
    const r = checkParallelSafety([{ model: a, project: 'App' }, { model: a, project: 'app' }]);
    expect(r.conflicts.map((c) => c.kind)).toEqual(['project-name', 'network']);
  });

  it('cannot prove ports or names that use unset variables, and says which', async () => {
    const a = await model('a.yml', 'services:\n  w: {image: x, container_name: "${CN}", ports: ["${PORT}:80"]}\n');
    const b = await model('b.yml', 'services:\n  w: {image: x}\n');
    const r = checkParallelSafety([{ model: a, project: 'd' }, { model: b, project: 't' }]);
    expect(r.unproven.map((u) => u.message)).toEqual([
      'a.yml service w: container_name: variable CN is not set; Compose uses "" (set it in the env file)',
      'a.yml service w: port "${PORT}:80": variable PORT is not set; Compose uses "" (set it in the env file)',
    ]);
  });

  it('reports external resources as shared on purpose, not as conflicts', async () => {
    const t = 'services:\n  w: {image: x, networks: [proxy]}\nnetworks: {proxy: {external: true}}\nvolumes: {d: {external: true}}\n';
    const r = checkParallelSafety([{ model: await model('a.yml', t), project: 'd' }, { model: await model('b.yml', t), project: 't' }]);
    expect(r.conflicts).toEqual([]);
    expect(r.shared).toContain('a.yml: external network "proxy" is shared on purpose');
  });
});

describe('missingBindSources', () => {
  it('flags a missing bind-mounted file (the ./.env defect), only notes a missing data folder', async () => {
    const root = tempProject();
    mkdirSync(path.join(root, 'sub', 'conf'), { recursive: true });
    writeFileSync(path.join(root, 'sub', '.env.dev'), 'A=1\n');
    const text = 'services:\n  api:\n    image: x\n    volumes:\n      - ./.env:/app/.env\n      - ./.env.dev:/app/.env2\n      - ./conf:/conf\n      - ./data:/var/lib/data\n      - /var/run/docker.sock:/var/run/docker.sock\n';
    const m = await buildComposeModel(parseComposeText(text, 'sub/docker-compose.yml'), fs, { env: {} });
    const exists = async (rel: string) => {
      try {
        (await import('node:fs')).statSync(path.join(root, rel));
        return true;
      } catch {
        return false;
      }
    };
    const d = await missingBindSources(m, exists);
    expect(d.map((x) => [x.source, x.fileLike])).toEqual([['sub/.env', true], ['sub/data', false]]);
    expect(d[0].message).toBe('sub/docker-compose.yml service api: bind mount source ./.env (→ /app/.env) does not exist; Docker would create a directory in its place');
  });
});

describe('subnets', () => {
  it('flags overlapping fixed subnets of non-external networks', async () => {
    const t = (subnet: string) => `services:\n  w: {image: x, networks: [n]}\nnetworks:\n  n:\n    ipam:\n      config:\n        - subnet: "${subnet}"\n`;
    const a = await model('a.yml', t('${NET:-172.28.0.0/16}'));
    const b = await model('b.yml', t('172.28.5.0/24'));
    const c = await model('c.yml', t('172.29.0.0/16'));
    expect(checkParallelSafety([{ model: a, project: 'd' }, { model: b, project: 't' }]).conflicts.map((x) => x.message)).toEqual([
      'subnet 172.28.0.0/16 (a.yml network n) overlaps 172.28.5.0/24 (b.yml network n); Docker refuses the second network',
    ]);
    expect(checkParallelSafety([{ model: a, project: 'd' }, { model: c, project: 't' }]).conflicts).toEqual([]);
  });
});

describe('host networking', () => {
  it('cannot be proven safe', async () => {
    const a = await model('a.yml', 'services:\n  w: {image: x, network_mode: host}\n');
    const b = await model('b.yml', 'services:\n  w: {image: x}\n');
    expect(checkParallelSafety([{ model: a, project: 'd' }, { model: b, project: 't' }]).unproven.map((u) => u.message)).toEqual([
      'a.yml service w: network_mode: host listens on host ports that are not declared; two copies will likely clash',
    ]);
  });
});
