/**
 * The pieces of the live checks that need no engine: CLI detection order, healthcheck URL
 * parsing, probe planning, readiness verdicts, command splitting, real TCP/HTTP probes
 * against local servers, and "skipped, never passed" when no engine answers.
 */
import http from 'node:http';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDown } from '../../../src/checks/compose-down.js';
import { composePortsAnswer } from '../../../src/checks/compose-ports-answer.js';
import { composeRunWhileServing, splitCommand } from '../../../src/checks/compose-run-while-serving.js';
import { composeUp } from '../../../src/checks/compose-up.js';
import type { ContainerState } from '../../../src/compose/containers.js';
import {
  cliLabel,
  composeCliCommandSync,
  detectComposeCli,
  ensureVersion,
  detectLive,
  forgetLiveDetection,
  onPath,
  parseVersion,
  type ComposeCandidate,
} from '../../../src/compose/engine-cli.js';
import { composeArgv, readServices } from '../../../src/compose/live-target.js';
import { healthcheckHttp, httpProbe, planProbes, runProbes, tcpProbe } from '../../../src/compose/probe.js';
import { verdict } from '../../../src/compose/wait-healthy.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const container = (over: Partial<ContainerState>): ContainerState => ({
  id: 'abc',
  name: 'shop-web',
  service: 'web',
  status: 'running',
  exitCode: 0,
  restartPolicy: 'no',
  oneoff: false,
  ports: [],
  ...over,
});

describe('compose CLI detection', () => {
  it('parses versions as the CLIs print them', () => {
    expect(parseVersion('v2.29.1-desktop.1')).toBe('2.29.1');
    expect(parseVersion('1.29.2')).toBe('1.29.2');
    expect(parseVersion('podman-compose version 1.0.6\npodman version 4.3.1')).toBe('1.0.6');
    expect(parseVersion('no digits')).toBeUndefined();
  });

  it('takes the first candidate that answers, in order, skipping ones that are missing', async () => {
    // Stand-in candidates: a name that is on no PATH, then `node` (always present) in the CLI's place.
    const candidates: ComposeCandidate[] = [
      { name: 'docker compose', argv: ['mw-no-such-binary-for-tests', 'compose'], engine: 'docker', versionArgs: ['version'] },
      { name: 'docker-compose', argv: [process.execPath], engine: 'docker', versionArgs: ['--version'] },
      { name: 'podman-compose', argv: [process.execPath], engine: 'podman', versionArgs: ['--version'] },
    ];
    const cli = await detectComposeCli({ candidates });
    expect(cli).toEqual({ name: 'docker-compose', argv: [process.execPath], version: process.versions.node, engine: 'docker' });
  });

  it('skips a candidate whose binary exists but fails (docker without the compose plugin)', async () => {
    const candidates: ComposeCandidate[] = [
      { name: 'docker compose', argv: [process.execPath, '-e', 'process.exit(1)'], engine: 'docker', versionArgs: [] },
      { name: 'podman compose', argv: [process.execPath, '-e', 'console.log("4.9.3")'], engine: 'podman', versionArgs: [] },
    ];
    expect((await detectComposeCli({ candidates }))?.name).toBe('podman compose');
  });

  it('lazy detection takes a standalone CLI from PATH without starting it, and asks its version on demand', async () => {
    const candidates: ComposeCandidate[] = [{ name: 'docker-compose', argv: [process.execPath], engine: 'docker', versionArgs: ['--version'] }];
    const cli = (await detectComposeCli({ candidates, lazyVersion: true }))!;
    expect(cli.version).toBe('unknown');
    expect(cliLabel(cli)).toBe('docker-compose');
    expect(await ensureVersion(cli)).toBe(process.versions.node);
    expect(cliLabel(cli)).toBe(`docker-compose ${process.versions.node}`);
  });

  it('gives the CLI as a command string for Makefiles, synchronously, in the same order', () => {
    const candidates: ComposeCandidate[] = [
      { name: 'docker compose', argv: [process.execPath, '-e', 'process.exit(1)'], engine: 'docker', versionArgs: [] },
      { name: 'docker-compose', argv: ['mw-no-such-binary-for-tests'], engine: 'docker', versionArgs: [] },
      { name: 'podman compose', argv: [process.execPath, '-e', '0'], engine: 'podman', versionArgs: [] },
    ];
    expect(composeCliCommandSync(candidates)).toBe(`${process.execPath} -e 0`);
    expect(composeCliCommandSync(candidates.slice(0, 2))).toBeNull();
  });

  it('returns null when nothing answers', async () => {
    const candidates: ComposeCandidate[] = [{ name: 'docker-compose', argv: ['mw-no-such-binary-for-tests'], engine: 'docker', versionArgs: [] }];
    expect(await detectComposeCli({ candidates })).toBeNull();
  });

  it('finds executables on PATH without starting them', () => {
    expect(onPath(path.basename(process.execPath), path.dirname(process.execPath))).toBe(true);
    expect(onPath('mw-no-such-binary-for-tests')).toBe(false);
  });
});

describe('probe planning', () => {
  it('reads the in-container URL a healthcheck fetches', () => {
    expect(healthcheckHttp(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8000/health'])).toEqual({ port: 8000, path: '/health' });
    expect(healthcheckHttp(['CMD-SHELL', 'curl -fsS http://localhost/ready?x=1 || exit 1'])).toEqual({ port: 80, path: '/ready?x=1' });
    expect(healthcheckHttp(['CMD', 'pg_isready'])).toBeUndefined();
    // A URL on another host is not this container's port.
    expect(healthcheckHttp(['CMD', 'wget', 'http://example.com:8000/'])).toBeUndefined();
  });

  it('probes each published tcp port once (v4 and v6 folded) and http where the healthcheck says so', () => {
    const web = container({
      ports: [
        { containerPort: 8000, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 18080 },
        { containerPort: 8000, protocol: 'tcp', hostIp: '::', hostPort: 18080 },
        { containerPort: 5353, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 15353 },
      ],
      healthTest: ['CMD', 'wget', 'http://127.0.0.1:8000/health'],
    });
    const db = container({ service: 'db', name: 'shop-db', ports: [{ containerPort: 6379, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 16379 }] });
    const stopped = container({ service: 'old', status: 'exited', ports: [{ containerPort: 1, protocol: 'tcp', hostIp: '', hostPort: 1 }] });
    expect(planProbes([web, db, stopped], [])).toEqual([
      { service: 'web', kind: 'tcp', host: '127.0.0.1', port: 18080 },
      { service: 'web', kind: 'http', host: '127.0.0.1', port: 18080, path: '/health', source: 'healthcheck' },
      { service: 'db', kind: 'tcp', host: '127.0.0.1', port: 16379 },
    ]);
  });

  it('uses the x-migrate-wizard http hint over the healthcheck, and skips an http port that is not published', () => {
    const api = container({ service: 'api', ports: [{ containerPort: 3000, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 13000 }] });
    const internal = container({ service: 'admin', healthTest: ['CMD', 'wget', 'http://localhost:9000/'] });
    const probes = planProbes([api, internal], [{ name: 'api', inProfile: false, httpHint: { path: 'status' } }]);
    expect(probes).toContainEqual({ service: 'api', kind: 'http', host: '127.0.0.1', port: 13000, path: '/status', source: 'hint' });
    expect(probes.filter((p) => p.service === 'admin')).toEqual([]);
  });

  it('reads services, profiles and hints from a compose file (merge keys resolved)', async () => {
    const root = tempProject();
    writeFileSync(
      path.join(root, 'c.yml'),
      'x-base: &base\n  x-migrate-wizard: {http: {port: 3000, path: /ok}}\nservices:\n  api:\n    <<: *base\n    image: x\n  debug:\n    image: y\n    profiles: [debug]\n',
    );
    const services = await readServices('c.yml', contextFor(root));
    expect(services).toEqual([
      { name: 'api', inProfile: false, httpHint: { path: '/ok', port: 3000 } },
      { name: 'debug', inProfile: true, httpHint: undefined },
    ]);
  });

  it('names the file and line of invalid YAML', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'bad.yml'), 'services:\n  web:\n    image: [unclosed\n');
    await expect(readServices('bad.yml', contextFor(root))).rejects.toThrow(/^bad\.yml:\d+:\d+: not valid YAML/);
  });
});

describe('readiness verdicts', () => {
  it('is ready when healthy, or running without a healthcheck, or a job that finished with 0', () => {
    expect(verdict(container({ health: 'healthy' }))).toBe('ready');
    expect(verdict(container({}))).toBe('ready');
    expect(verdict(container({ status: 'exited', exitCode: 0 }))).toBe('ready');
  });
  it('waits while starting, created or restarting; fails on unhealthy or a crash without restart policy', () => {
    expect(verdict(container({ health: 'starting' }))).toBe('waiting');
    expect(verdict(container({ status: 'created' }))).toBe('waiting');
    expect(verdict(container({ status: 'restarting' }))).toBe('waiting');
    expect(verdict(container({ status: 'exited', exitCode: 1, restartPolicy: 'unless-stopped' }))).toBe('waiting');
    expect(verdict(container({ health: 'unhealthy' }))).toBe('failed');
    expect(verdict(container({ status: 'exited', exitCode: 3 }))).toBe('failed');
  });
});

describe('commands', () => {
  it('splits a test command without a shell, honouring quotes', () => {
    expect(splitCommand('make test-unit')).toEqual(['make', 'test-unit']);
    expect(splitCommand(`make test-unit "COMPOSE=docker compose" 'A B'`)).toEqual(['make', 'test-unit', 'COMPOSE=docker compose', 'A B']);
    expect(splitCommand('echo "a \\"b\\""')).toEqual(['echo', 'a "b"']);
  });
  it('puts -f, -p and --env-file before the subcommand (v1 needs them there)', () => {
    expect(composeArgv({ argv: ['docker-compose'] }, { file: 'docker-compose.test.yml', project: 'shop-test', envFile: '.env.test' }, 'up', '-d')).toEqual([
      'docker-compose', '-f', 'docker-compose.test.yml', '-p', 'shop-test', '--env-file', '.env.test', 'up', '-d',
    ]);
  });
});

describe('real probes against local servers', () => {
  let server: http.Server;
  let port: number;
  let closedPort: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.statusCode = req.url === '/health' ? 200 : 503;
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as net.AddressInfo).port;
    const tmp = net.createServer();
    await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', () => r()));
    closedPort = (tmp.address() as net.AddressInfo).port;
    await new Promise((r) => tmp.close(r));
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('tcp: connects to a listener, refuses a closed port', async () => {
    expect(await tcpProbe('127.0.0.1', port, 1000)).toEqual({ ok: true, detail: 'accepts connections' });
    expect(await tcpProbe('127.0.0.1', closedPort, 1000)).toEqual({ ok: false, detail: 'ECONNREFUSED' });
  });

  it('http: a status below 400 passes, 503 fails', async () => {
    expect(await httpProbe('127.0.0.1', port, '/health', 1000)).toEqual({ ok: true, detail: 'HTTP 200' });
    expect(await httpProbe('127.0.0.1', port, '/other', 1000)).toEqual({ ok: false, detail: 'HTTP 503' });
  });

  it('retries a failing probe until the deadline, then reports it', async () => {
    const t0 = Date.now();
    const results = await runProbes([{ service: 'db', kind: 'tcp', host: '127.0.0.1', port: closedPort }], {
      withinMs: 800,
      attemptMs: 200,
      signal: new AbortController().signal,
    });
    expect(results[0].ok).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(750);
  });
});

describe('no engine: skipped with the command to run later, never passed', () => {
  const saved = process.env.DOCKER_HOST;
  beforeAll(() => {
    // A socket nobody serves: `docker info` fails exactly as with a stopped daemon.
    process.env.DOCKER_HOST = `unix://${path.join(tempProject(), 'no-daemon.sock')}`;
    forgetLiveDetection();
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
    forgetLiveDetection();
  });

  it('reports why the engine is unavailable', async () => {
    const live = await detectLive({ fresh: true });
    expect(live.unavailable).toMatch(/no docker engine answers|no compose CLI found|docker is not installed/);
  });

  it('every live check says skipped, with the reason and the command', async () => {
    const root = tempProject();
    const ctx = contextFor(root);
    const target = { file: 'docker-compose.dev.yml', project: 'shop-dev', envFile: '.env.dev' };
    const results = [
      await composeUp.run({ type: 'compose.up', ...target }, ctx),
      await composePortsAnswer.run({ type: 'compose.ports-answer', ...target }, ctx),
      await composeRunWhileServing.run(
        { type: 'compose.run-while-serving', dev: target, test: { ...target, file: 'docker-compose.test.yml', project: 'shop-test' }, command: 'make test-unit' },
        ctx,
      ),
      await composeDown.run({ type: 'compose.down', ...target, volumes: true }, ctx),
    ];
    for (const r of results) {
      expect(r.status).toBe('skipped');
      expect(r.message).toMatch(/Run later: .*-f docker-compose\.dev\.yml -p shop-dev --env-file \.env\.dev/);
    }
    expect(results[0].message).toMatch(/up -d --build$/);
    expect(results[2].message).toContain('COMPOSE_FILE=docker-compose.test.yml COMPOSE_PROJECT_NAME=shop-test make test-unit');
    expect(results[3].message).toMatch(/down --remove-orphans -v$/);
  });
});
