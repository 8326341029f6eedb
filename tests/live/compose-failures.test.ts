/**
 * The live checks when things go wrong, on a real engine: a service that crashes (its log
 * lines are shown), Ctrl+C while waiting (still torn down), and the clash the migration
 * exists to fix (the same container_name in dev and test). Nothing may be left behind.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeRunWhileServing } from '../../src/checks/compose-run-while-serving.js';
import { composeUp } from '../../src/checks/compose-up.js';
import { InterruptedError } from '../../src/engine/errors.js';
import { contextFor, tempProject } from '../helpers/context.js';
import { ensureEngine, freePort, projectContainerNames, projectResources, removeProjects } from '../helpers/docker.js';

const engine = ensureEngine();
const repo = path.resolve(import.meta.dirname, '..', '..');
const tag = `${process.pid}${Math.floor(Math.random() * 1e6)}`;
const projects = {
  crash: `mwfail${tag}-crash`,
  abort: `mwfail${tag}-abort`,
  dev: `mwfail${tag}-dev`,
  clash: `mwfail${tag}-clash`,
  intDev: `mwfail${tag}-idev`,
  intTest: `mwfail${tag}-itest`,
};

const CRASHING = `services:
  fine:
    build: ./app
    init: true
    command: ["httpd", "-f", "-p", "8000", "-h", "/www"]
  broken:
    build: ./app
    command: ["sh", "-c", "echo starting broken; echo FATAL: DATABASE_URL is not set >&2; exit 3"]
`;

const NEVER_HEALTHY = `services:
  stuck:
    build: ./app
    init: true
    command: ["httpd", "-f", "-p", "8000", "-h", "/www"]
    healthcheck:
      test: ["CMD", "false"]
      interval: 1s
      retries: 1000
`;

describe.skipIf(!engine.available)(`live checks on failure${engine.available ? '' : ` (skipped: ${engine.reason})`}`, () => {
  let root: string;

  beforeAll(async () => {
    root = tempProject();
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'prepare-demo.mjs'), root], { stdio: 'pipe' });
    writeFileSync(path.join(root, 'crash.yml'), CRASHING);
    writeFileSync(path.join(root, 'stuck.yml'), NEVER_HEALTHY);
    // Healthy at once, no ports: the smallest project that serves.
    writeFileSync(path.join(root, 'idle.yml'), 'services:\n  idle:\n    build: ./app\n    init: true\n    command: ["httpd", "-f", "-p", "8000", "-h", "/www"]\n');
    const compose = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    writeFileSync(path.join(root, 'docker-compose.yml'), compose.replace(/container_name: (shop-\w+)/g, `container_name: $1-${tag}`));
    writeFileSync(path.join(root, '.env'), `WEB_PORT=${await freePort()}\nDB_PORT=${await freePort()}\nDEMO_SECRET=x-secret-value\n`);
    writeFileSync(path.join(root, '.env.other'), `WEB_PORT=${await freePort()}\nDB_PORT=${await freePort()}\nDEMO_SECRET=x-secret-value\n`);
  });

  afterAll(() => {
    removeProjects(...Object.values(projects));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('a crashing service fails compose.up fast, with its last log lines, and the project is taken down', async () => {
    const ctx = contextFor(root);
    const t0 = Date.now();
    const result = await composeUp.run({ type: 'compose.up', file: 'crash.yml', project: projects.crash, timeout: 60 }, ctx);
    expect(result.status).toBe('failed');
    expect(result.message).toContain('broken is exited with code 3');
    expect(result.message).toContain('FATAL: DATABASE_URL is not set');
    expect(result.message).toContain('taken down again');
    expect(Date.now() - t0).toBeLessThan(45_000); // did not sit out the 60 s timeout
    expect(projectContainerNames(projects.crash)).toEqual([]);
  });

  it('Ctrl+C while waiting for health stops the check and still tears the project down', async () => {
    const controller = new AbortController();
    const ctx = contextFor(root, { signal: controller.signal });
    const seen: string[] = ctx.lines;
    // Abort once the container exists (it never becomes healthy).
    const watcher = setInterval(() => {
      if (projectContainerNames(projects.abort).length > 0) controller.abort();
    }, 300);
    try {
      await expect(composeUp.run({ type: 'compose.up', file: 'stuck.yml', project: projects.abort, timeout: 60 }, ctx)).rejects.toBeInstanceOf(InterruptedError);
    } finally {
      clearInterval(watcher);
    }
    expect(seen.some((l) => /Removing/.test(l))).toBe(true);
    expect(projectContainerNames(projects.abort)).toEqual([]);
    expect(projectResources('network', projects.abort)).toEqual([]);
  });

  it('a test environment that reuses dev container names fails run-while-serving, and both are torn down', async () => {
    const ctx = contextFor(root);
    const result = await composeRunWhileServing.run(
      {
        type: 'compose.run-while-serving',
        dev: { file: 'docker-compose.yml', project: projects.dev, envFile: '.env' },
        // The un-migrated situation: the same file (same container_name) under another -p.
        test: { file: 'docker-compose.yml', project: projects.clash, envFile: '.env.other' },
        command: ['true'],
      },
      ctx,
    );
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/already in use|Conflict/);
    expect(result.message).toContain(`while ${projects.dev} was serving`);
    expect(projectContainerNames(projects.dev)).toEqual([]);
    expect(projectContainerNames(projects.clash)).toEqual([]);
    removeProjects(projects.dev); // the dev volume (teardown keeps dev data by design)
  });

  it('Ctrl+C during the test command stops it and still tears down dev and test', async () => {
    const controller = new AbortController();
    const ctx = contextFor(root, { signal: controller.signal });
    // Abort as soon as the (endless) test command has started.
    ctx.log = (line) => {
      ctx.lines.push(line);
      if (line.startsWith('$ sleep')) setTimeout(() => controller.abort(), 300);
    };
    const t0 = Date.now();
    await expect(
      composeRunWhileServing.run(
        {
          type: 'compose.run-while-serving',
          dev: { file: 'idle.yml', project: projects.intDev },
          test: { file: 'idle.yml', project: projects.intTest },
          command: ['sleep', '600'],
          readyTimeout: 60,
        },
        ctx,
      ),
    ).rejects.toBeInstanceOf(InterruptedError);
    expect(Date.now() - t0).toBeLessThan(120_000);
    expect(projectContainerNames(projects.intDev)).toEqual([]);
    expect(projectContainerNames(projects.intTest)).toEqual([]);
  });
});
