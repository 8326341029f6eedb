import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveTest, TEST_MARKER } from '../../../src/compose/derive-test.js';
import { isPortFreeByBinding } from '../../../src/compose/free-port.js';
import { DiskProjectFs } from '../../../src/engine/disk-fs.js';
import { tempProject } from '../../helpers/context.js';

function fsWith(files: Record<string, string>): DiskProjectFs {
  const root = tempProject();
  for (const [f, t] of Object.entries(files)) writeFileSync(path.join(root, f), t);
  return new DiskProjectFs(root);
}
const allFree = async () => true;

describe('deriveTest: ports', () => {
  const BASE = [
    'services:',
    '  web:',
    '    image: web',
    '    ports:',
    '      - "8000:80"',
    '      - 127.0.0.1:5432:5432   # local only',
    '      - "30000-30002:30000-30002"',
    '      - "6379"',
    '      - target: 9000',
    '        published: "${PUB:-9000}"',
    '      - "${LISTEN:-0.0.0.0}:${WEB_PORT}:81/udp"',
    '',
  ].join('\n');

  it('moves every fixed host port to a free one, disjoint from dev, keeping the rest of each entry', async () => {
    const busy = new Set([18000]);
    const r = await deriveTest(fsWith({ 'c.yml': BASE }), 'c.yml', {
      env: { WEB_PORT: '7000' },
      avoid: [{ hostIp: '', hostPort: 15432, containerPort: 1, protocol: 'tcp' }],
      isPortFree: async (p) => !busy.has(p),
    });
    expect(r.text).toBe(
      TEST_MARKER +
        '\n' +
        BASE.replace('"8000:80"', '"18001:80"')
          .replace('127.0.0.1:5432:5432   #', '127.0.0.1:15433:5432   #')
          .replace('"30000-30002:30000-30002"', '"40000-40002:30000-30002"')
          .replace('published: "${PUB:-9000}"', 'published: "19000"')
          .replace('${WEB_PORT}:81/udp', '17000:81/udp'),
    );
    expect(r.ports.map((p) => p.to)).toEqual(['18001:80', '127.0.0.1:15433:5432', '40000-40002:30000-30002', 'published 19000', '${LISTEN:-0.0.0.0}:17000:81/udp']);
  });

  it('really binds to find out: a port in use is skipped', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const taken = (server.address() as net.AddressInfo).port;
    try {
      expect(await isPortFreeByBinding(taken, '127.0.0.1')).toBe(false);
      const text = 'services:\n  a:\n    image: x\n    ports: ["127.0.0.1:2000:80"]\n';
      const r = await deriveTest(fsWith({ 'c.yml': text }), 'c.yml', { portOffset: taken - 2000 });
      const chosen = Number(/127\.0\.0\.1:(\d+):80/.exec(r.text)![1]);
      expect(chosen).toBeGreaterThan(taken);
      expect(await isPortFreeByBinding(chosen, '127.0.0.1')).toBe(true);
    } finally {
      server.close();
    }
  });

  it('keeps the ports of its own earlier output on a re-run, even when they are in use now', async () => {
    const fs = fsWith({ 'c.yml': BASE });
    const first = await deriveTest(fs, 'c.yml', { env: { WEB_PORT: '7000' }, isPortFree: allFree });
    const again = await deriveTest(fs, 'c.yml', { env: { WEB_PORT: '7000' }, isPortFree: async () => false, previous: first.text });
    expect(again.text).toBe(first.text);
    // Someone else's file with the same ports is not trusted: its ports get probed.
    const foreign = await deriveTest(fs, 'c.yml', { env: { WEB_PORT: '7000' }, isPortFree: allFree, previous: first.text.replace(TEST_MARKER, '# mine') , portOffset: 20000 });
    expect(foreign.text).toContain('"28000:80"');
  });
});

describe('deriveTest: services', () => {
  it('puts database data on tmpfs, adds healthchecks, makes dependants wait, removes keep-alives', async () => {
    const base = [
      'services:',
      '  db:',
      '    image: postgres:16',
      '    volumes:',
      '      - pgdata:/var/lib/postgresql/data # the data',
      '      - ./init:/docker-entrypoint-initdb.d',
      '  cache:',
      '    image: redis:7',
      '    healthcheck: {test: [CMD, redis-cli, ping]}',
      '  app:',
      '    image: app',
      '    command: tail -f /dev/null',
      '    depends_on:',
      '      - db',
      '      - cache',
      '      - other',
      '  other:',
      '    image: busybox',
      '    depends_on: {db: {condition: service_started}}',
      'volumes:',
      '  pgdata:',
      '',
    ].join('\n');
    const r = await deriveTest(fsWith({ 'c.yml': base }), 'c.yml', { isPortFree: allFree });
    expect(r.text).toBe(
      [
        TEST_MARKER,
        'services:',
        '  db:',
        '    image: postgres:16',
        '    volumes:',
        '      # the data',
        '      - ./init:/docker-entrypoint-initdb.d',
        '    tmpfs:',
        '      - /var/lib/postgresql/data',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U $${POSTGRES_USER:-postgres}"]',
        '      interval: 5s',
        '      timeout: 5s',
        '      retries: 30',
        '  cache:',
        '    image: redis:7',
        '    healthcheck: {test: [CMD, redis-cli, ping]}',
        '    tmpfs:',
        '      - /data',
        '  app:',
        '    image: app',
        '    depends_on:',
        '      db:',
        '        condition: service_healthy',
        '      cache:',
        '        condition: service_healthy',
        '      other:',
        '        condition: service_started',
        '  other:',
        '    image: busybox',
        '    depends_on: {db: {condition: service_healthy}}',
        'volumes:',
        '  pgdata:',
        '',
      ].join('\n'),
    );
    expect(r.notes).toContain(`service app: command removed: "tail -f /dev/null" only keeps the container alive; the image's own command runs (use the test-run target to run commands in it)`);
  });

  it('flags an inherited keep-alive instead of editing the anchor, and skips healthchecks in version 2 files', async () => {
    const base = "version: '2'\nx-a: &a\n  command: sleep infinity\nservices:\n  dev:\n    <<: *a\n    image: busybox\n  db:\n    image: mysql:8\n";
    const r = await deriveTest(fsWith({ 'c.yml': base }), 'c.yml', { isPortFree: allFree });
    expect(r.text).toContain('command: sleep infinity');
    expect(r.text).not.toContain('healthcheck');
    expect(r.notes).toContain('service dev: FLAGGED: "sleep infinity" only keeps the container alive, but it is inherited (anchor or extends), so it was left; remove it there');
    expect(r.notes).toContain('service db: no healthcheck added (compose file version 2 has none)');
  });

  it('gives test its own volumes where dev had external ones, keeps external networks shared, renames names', async () => {
    const base = 'name: shop\nservices:\n  a:\n    image: x\n    container_name: shop-a\n    env_file: [.env.dev]\nnetworks:\n  proxy:\n    external: true\nvolumes:\n  data:\n    external: true\n  named:\n    name: shop-named\n';
    const r = await deriveTest(fsWith({ 'c.yml': base }), 'c.yml', { isPortFree: allFree, project: 'shop-test' });
    expect(r.text).toBe(
      `${TEST_MARKER}\nservices:\n  a:\n    image: x\n    container_name: shop-a-test\n    env_file: [.env.test]\nnetworks:\n  proxy:\n    external: true\nvolumes:\n  data: {}\n  named:\n    name: shop-named-test\n`,
    );
    expect(r.notes).toContain('network proxy is external: test joins it too (shared infrastructure)');
  });
});

describe('deriveTest: existing test files', () => {
  const BASE = '# base header\nservices:\n  api:\n    image: api\n    environment:\n      - MODE=dev\n      - KEEP=1\n    ports:\n      - "8000:8000"\n  db:\n    image: postgres\n';

  it('merges an overlay onto the base so every service is fully defined, keeping both files\' comments', async () => {
    const overlay = '# overlay header\nservices:\n  api:\n    environment:\n      - MODE=test # test mode\n    ports:\n      - "8001:8001"\n  seed:\n    image: seed # one-shot\n';
    const r = await deriveTest(fsWith({ 'docker-compose.yml': BASE, 'docker-compose.test.yml': overlay }), 'docker-compose.yml', {
      overlay: 'docker-compose.test.yml',
      to: 'docker-compose.test.yml',
      isPortFree: allFree,
    });
    expect(r.sources).toEqual(['docker-compose.yml', 'docker-compose.test.yml']);
    expect(r.text).toContain('      - MODE=test # test mode\n      - KEEP=1\n');
    expect(r.text).toContain('      - "18000:8000"\n      - "18001:8001"\n');
    expect(r.text).toContain('  seed:\n    image: seed # one-shot\n');
    for (const c of ['# base header', '# overlay header', '# test mode', '# one-shot']) expect(r.text).toContain(c);
    expect(r.notes[0]).toMatch(/is an overlay: merged onto docker-compose\.yml/);
  });

  it('uses a complete test file as it is, and refuses an overlay whose base is missing (file:line)', async () => {
    const complete = 'services:\n  db-test:\n    image: postgres\n    container_name: db_test\n';
    const r = await deriveTest(fsWith({ 'docker-compose.yml': BASE, 't.yml': complete }), 'docker-compose.yml', { overlay: 't.yml', isPortFree: allFree });
    expect(r.sources).toEqual(['t.yml']);
    expect(r.text).toContain('container_name: db_test-test');
    await expect(
      deriveTest(fsWith({ 't.yml': 'services:\n  api:\n    ports: ["1:1"]\n' }), 'docker-compose.yml', { overlay: 't.yml', isPortFree: allFree }),
    ).rejects.toThrow('t.yml:2:3: t.yml is an overlay (service api has no image or build), and its base file docker-compose.yml does not exist');
  });
});

describe('deriveTest: flow-style services', () => {
  it('adds tmpfs and a healthcheck inside {...} and keeps it valid YAML', async () => {
    const base = 'services:\n  db: {image: "mariadb:11", volumes: ["db:/var/lib/mysql"]} # flow\n  app: {image: app, depends_on: [db]}\nvolumes: {db: {}}\n';
    const r = await deriveTest(fsWith({ 'c.yml': base }), 'c.yml', { isPortFree: allFree });
    expect(r.text).toContain('  db: {image: "mariadb:11", tmpfs: ["/var/lib/mysql"], healthcheck: {test: ["CMD-SHELL", "healthcheck.sh --connect --innodb_initialized || mysqladmin ping -h 127.0.0.1 --silent"], interval: "5s", timeout: "5s", retries: 30}} # flow\n');
    expect(r.text).toContain('  app: {image: app, depends_on: {db: {condition: "service_healthy"}}}\n');
    const { parse } = await import('yaml');
    expect(parse(r.text).services.app.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });
});

describe('deriveTest: fixed addressing', () => {
  it('drops fixed subnets and static IPs (dev holds them), keeping comments', async () => {
    const base = [
      'services:',
      '  db:',
      '    image: x',
      '    networks:',
      '      back:',
      '        ipv4_address: ${IP_DB} # fixed',
      'networks:',
      '  back:',
      '    driver: bridge',
      '    ipam:',
      '      config:',
      '        - subnet: ${SUBNET}',
      '',
    ].join('\n');
    const r = await deriveTest(fsWith({ 'c.yml': base }), 'c.yml', { isPortFree: allFree });
    expect(r.text).toBe(`${TEST_MARKER}\nservices:\n  db:\n    image: x\n    networks:\n      back:\n        # fixed\nnetworks:\n  back:\n    driver: bridge\n`);
    expect(r.notes).toContain('service db: static ipv4_address on back removed; dev holds that address');
  });
});
