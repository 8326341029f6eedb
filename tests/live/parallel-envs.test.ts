/**
 * The real thing on a real Docker engine: the demo project's dev environment from its
 * ORIGINAL docker-compose.yml, a second (test) copy beside it under another project name
 * with remapped ports, the user's `make test-unit` run in test while dev serves, then
 * teardown with nothing left behind. Skips locally without an engine; fails under CI.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDown } from '../../src/checks/compose-down.js';
import { composePortsAnswer } from '../../src/checks/compose-ports-answer.js';
import { composeRunWhileServing } from '../../src/checks/compose-run-while-serving.js';
import { composeUp } from '../../src/checks/compose-up.js';
import { detectComposeCli, detectLive } from '../../src/compose/engine-cli.js';
import { contextFor, tempProject } from '../helpers/context.js';
import { ensureEngine, freePort, projectContainerNames, projectResources, removeProjects } from '../helpers/docker.js';

const engine = ensureEngine();
const repo = path.resolve(import.meta.dirname, '..', '..');
const tag = `${process.pid}${Math.floor(Math.random() * 1e6)}`;
const dev = { file: 'docker-compose.yml', project: `mwlive${tag}-dev`, envFile: '.env' };
const test = { file: 'docker-compose.live-test.yml', project: `mwlive${tag}-test`, envFile: '.env.test' };
const SECRET = 'demo-secret-7f3a9c-not-a-real-key';

/** Hand-made standalone test file (the generated one comes from compose.derive-test later). */
const TEST_COMPOSE = `services:
  web:
    build: ./app
    container_name: shop-web-test-${tag}
    init: true
    command: ["httpd", "-f", "-p", "8000", "-h", "/www"]
    env_file: .env.test
    environment:
      APP_ENV: test
    ports:
      - "\${WEB_PORT}:8000"
    depends_on:
      db:
        condition: service_healthy
    networks: [shop-net-test]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/health"]
      interval: 1s
      retries: 15
  db:
    build: ./app
    container_name: shop-db-test-${tag}
    init: true
    command: ["sh", "-c", "date > /data/started && exec nc -ll -p 6379 -e cat"]
    tmpfs: [/data]
    ports:
      - "\${DB_PORT}:6379"
    networks: [shop-net-test]
    healthcheck:
      test: ["CMD-SHELL", "echo PING | nc -w 1 127.0.0.1 6379 | grep -q PING"]
      interval: 1s
      retries: 15
networks:
  shop-net-test:
`;

describe.skipIf(!engine.available)(`parallel dev/test on a real engine${engine.available ? '' : ` (skipped: ${engine.reason})`}`, () => {
  let root: string;
  let ctx: ReturnType<typeof contextFor>;
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      timings[name] = Date.now() - t0;
    }
  };

  beforeAll(async () => {
    root = tempProject();
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'prepare-demo.mjs'), root], { stdio: 'pipe' });
    // The shared machine may already use 8080/6379: give both environments free ports.
    const [devWeb, devDb, testWeb, testDb] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const env = readFileSync(path.join(root, '.env'), 'utf8').replace(/^WEB_PORT=.*$/m, `WEB_PORT=${devWeb}`).replace(/^DB_PORT=.*$/m, `DB_PORT=${devDb}`);
    writeFileSync(path.join(root, '.env'), env);
    writeFileSync(path.join(root, '.env.test'), `WEB_PORT=${testWeb}\nDB_PORT=${testDb}\nDEMO_SECRET=${SECRET}\n`);
    writeFileSync(path.join(root, test.file), TEST_COMPOSE);
    // The demo pins container_name shop-web / shop-db; make them unique to this run so
    // parallel runs on one machine do not collide (the file stays otherwise original).
    const compose = readFileSync(path.join(root, dev.file), 'utf8');
    writeFileSync(path.join(root, dev.file), compose.replace(/container_name: (shop-\w+)/g, `container_name: $1-${tag}`));
    const t0 = Date.now();
    const stamp = (line: string) => `[${((Date.now() - t0) / 1000).toFixed(1)}] ${line}`;
    ctx = contextFor(root);
    const lines = ctx.lines;
    ctx.log = (line) => lines.push(stamp(line));
    ctx.output = (line) => lines.push(stamp(line));
  });

  afterAll(() => {
    if (process.env.MW_LIVE_TIMINGS) console.log(`live timings (ms): ${JSON.stringify(timings)}\n${ctx.lines.join("\n")}`);
    removeProjects(dev.project, test.project);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('finds a compose CLI and a reachable engine', async () => {
    const live = await detectLive();
    expect(live.unavailable).toBeUndefined();
    expect(live.cli?.name).toMatch(/^docker( |-)compose$/);
    const full = await detectComposeCli();
    expect(full?.name).toBe(live.cli?.name);
    expect(full?.version).toMatch(/^\d+\.\d+/);
  });

  it('compose.up brings dev up from the original compose file and waits for healthy', async () => {
    const result = await timed('dev-up', () => composeUp.run({ type: 'compose.up', ...dev }, ctx));
    expect(result.status, result.message).toBe('passed');
    expect(result.message).toMatch(/web running \(healthy\)/);
    expect(result.message).toMatch(/db running \(healthy\)/);
    expect(projectContainerNames(dev.project).sort()).toEqual([`shop-db-${tag}`, `shop-web-${tag}`]);
  });

  it('compose.ports-answer probes every published port, and http where the healthcheck speaks it', async () => {
    const result = await timed('dev-ports', () => composePortsAnswer.run({ type: 'compose.ports-answer', ...dev }, ctx));
    expect(result.status, result.message).toBe('passed');
    const devWeb = /^WEB_PORT=(\d+)/m.exec(readFileSync(path.join(root, '.env'), 'utf8'))![1];
    expect(result.message).toContain(`web GET http://127.0.0.1:${devWeb}/health HTTP 200`);
    expect(result.message).toMatch(/db tcp 127\.0\.0\.1:\d+ ok/);
  });

  it('compose.run-while-serving starts test beside dev, runs make test-unit in test, and tears both down', async () => {
    const live = await detectLive();
    const composeVar = live.cli!.argv.join(' ');
    const spec = {
      type: 'compose.run-while-serving' as const,
      dev,
      test,
      command: `make test-unit "COMPOSE=${composeVar}"`,
    };
    const result = await timed('parallel', () => composeRunWhileServing.run(spec, ctx));
    expect(result.status, result.message).toBe('passed');
    expect(result.message).toContain('kept answering');
    expect(result.message).toContain('Both were taken down');
    // make test-unit ran in the test project (APP_ENV=test there, development in dev).
    const out = ctx.lines.join('\n');
    expect(out).toMatch(/\] testing in test$/m);
    expect(out).toMatch(/\] db answers$/m);
    expect(projectContainerNames(dev.project)).toEqual([]);
    expect(projectContainerNames(test.project)).toEqual([]);
    expect(projectResources('network', test.project)).toEqual([]);
    expect(projectResources('network', dev.project)).toEqual([]);
    // dev data survives a teardown; test volumes do not exist (tmpfs)
    expect(projectResources('volume', dev.project)).toHaveLength(1);
  });

  it('compose.down removes what is left (the dev volume with volumes: true) and proves nothing remains', async () => {
    const result = await timed('dev-down', () => composeDown.run({ type: 'compose.down', ...dev, volumes: true }, ctx));
    expect(result.status, result.message).toBe('passed');
    expect(result.message).toContain('no containers left');
    expect(projectResources('volume', dev.project)).toEqual([]);
  });

  it('never prints the .env secret in messages it builds', () => {
    // The engine masks log lines too; the check messages themselves must not carry it.
    expect(ctx.lines.join('\n')).not.toContain(SECRET);
  });
});
