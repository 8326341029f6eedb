import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckDefinition } from '../../../src/checks/types.js';
import { dockerfileNonRoot } from '../../../src/checks/dockerfile-non-root.js';
import { dockerfileHealthcheck } from '../../../src/checks/dockerfile-healthcheck.js';
import { dockerfileMultiStage } from '../../../src/checks/dockerfile-multi-stage.js';
import { dockerfilePinnedBase } from '../../../src/checks/dockerfile-pinned-base.js';
import { dockerfileLabels } from '../../../src/checks/dockerfile-labels.js';
import { dockerfileDepsBeforeCode } from '../../../src/checks/dockerfile-deps-before-code.js';
import { dockerfileNoDuplicateInstalls } from '../../../src/checks/dockerfile-no-duplicate-installs.js';
import { dockerignoreExcludesEnv } from '../../../src/checks/dockerignore-excludes-env.js';
import { composeOneNetwork } from '../../../src/checks/compose-one-network.js';
import { composeSharedBaseImage } from '../../../src/checks/compose-shared-base-image.js';
import { envSecretsSplit } from '../../../src/checks/env-secrets-split.js';
import { entrypointsOneFolder, scriptWords } from '../../../src/checks/entrypoints-one-folder.js';
import { contextFor, tempProject } from '../../helpers/context.js';

function project(files: Record<string, string>): string {
  const root = tempProject();
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

async function run(def: CheckDefinition, root: string, spec: Record<string, unknown> = {}) {
  return def.run(def.schema.parse({ type: def.type, ...spec }), contextFor(root));
}

const GOOD = [
  'FROM python:3.12-slim@sha256:aaaa AS build',
  'RUN apt-get update && apt-get install -y gcc',
  'RUN pip wheel -r requirements.txt -w /wheels',
  'FROM python:3.12-slim@sha256:aaaa',
  'LABEL org.opencontainers.image.source="https://example.org/x" \\',
  '      org.opencontainers.image.revision=$GIT_SHA org.opencontainers.image.created=$BUILD_DATE',
  'WORKDIR /app',
  'COPY requirements.txt ./',
  'RUN pip install -r requirements.txt',
  'COPY . .',
  'USER app',
  'HEALTHCHECK CMD wget -qO- localhost:8000/health',
  '',
].join('\n');

const BAD = ['FROM python:latest', 'RUN apt-get install -y build-essential', 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt', 'CMD ["python", "app.py"]', ''].join('\n');

describe('Dockerfile checks (the audit rules, with file:line)', () => {
  const good = () => project({ Dockerfile: GOOD, 'requirements.txt': 'x\n', '.dockerignore': '**/.env\n**/.env.*\n' });
  const bad = () => project({ 'svc/Dockerfile': BAD, 'svc/requirements.txt': 'x\n', 'svc/.env': 'A=1\n' });

  it.each([
    [dockerfileNonRoot, 'svc/Dockerfile:1: Final stage runs as root (no USER)'],
    [dockerfileHealthcheck, 'svc/Dockerfile:1: No HEALTHCHECK'],
    [dockerfileMultiStage, 'svc/Dockerfile:2: Single-stage image ships build tools (build-essential)'],
    [dockerfilePinnedBase, 'svc/Dockerfile:1: Base image `python:latest` is pinned to latest'],
    [dockerfileDepsBeforeCode, 'svc/Dockerfile:4: Source is copied before dependencies are installed'],
    [dockerignoreExcludesEnv, 'svc/Dockerfile:4: No .dockerignore for build context `svc` (env files would be copied into the image: svc/.env)'],
    [dockerfileLabels, 'svc/Dockerfile:1: final stage (FROM python:latest) has no label org.opencontainers.image.source'],
  ] as const)('%s fails naming file:line, passes a hardened Dockerfile', async (def, expected) => {
    const failed = await run(def, bad());
    expect(failed.status).toBe('failed');
    expect(failed.message).toContain(expected);
    expect(failed.message).toMatch(/Fix: /);
    const passed = await run(def, good());
    expect(passed, passed.message).toMatchObject({ status: 'passed' });
  });

  it('path limits a check to one Dockerfile; a missing one fails; no Dockerfile at all is skipped', async () => {
    const root = project({ 'a/Dockerfile': BAD, 'b/Dockerfile': GOOD });
    expect((await run(dockerfileNonRoot, root, { path: 'b/Dockerfile' })).status).toBe('passed');
    expect((await run(dockerfileNonRoot, root, { path: 'a/Dockerfile' })).message).toContain('a/Dockerfile:1:');
    expect(await run(dockerfileNonRoot, root, { path: 'c/Dockerfile' })).toEqual({ status: 'failed', message: 'c/Dockerfile does not exist' });
    expect((await run(dockerfileNonRoot, project({ 'README.md': '# x\n' }))).status).toBe('skipped');
  });

  it('dockerfile.non-root: a USER inherited from a parent stage counts; USER root does not', async () => {
    expect((await run(dockerfileNonRoot, project({ Dockerfile: 'FROM debian:12 AS base\nUSER app\nFROM base\nCMD x\n' }))).status).toBe('passed');
    const root = await run(dockerfileNonRoot, project({ Dockerfile: 'FROM debian:12\nUSER app\nRUN x\nUSER root\n' }));
    expect(root.message).toContain('Dockerfile:1: Final stage switches to USER root');
  });

  it('dockerignore.excludes-env: an existing .dockerignore that misses .env is named', async () => {
    const r = await run(dockerignoreExcludesEnv, project({ Dockerfile: 'FROM x:1\nCOPY . .\n', '.dockerignore': '.git\n' }));
    expect(r.status).toBe('failed');
    expect(r.message).toContain('.dockerignore:1: .dockerignore does not exclude env files (.env)');
  });

  it('dockerfile.labels: custom keys, and labels inherited from a parent stage', async () => {
    const root = project({ Dockerfile: 'FROM x:1 AS base\nLABEL "org.opencontainers.image.version"="1"\nFROM base\nLABEL maintainer me\n' });
    expect((await run(dockerfileLabels, root, { keys: ['org.opencontainers.image.version', 'maintainer'] })).status).toBe('passed');
    expect((await run(dockerfileLabels, root, { keys: ['org.opencontainers.image.title'] })).message).toContain('Dockerfile:3: final stage (FROM base) has no label org.opencontainers.image.title');
  });

  it('dockerfile.no-duplicate-installs: two Dockerfiles installing the same requirements are both named', async () => {
    const df = 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';
    const compose = 'services:\n  a:\n    build: {context: ., dockerfile: a.Dockerfile}\n  b:\n    build: {context: ., dockerfile: b.Dockerfile}\n';
    const r = await run(dockerfileNoDuplicateInstalls, project({ 'a.Dockerfile': df, 'b.Dockerfile': df, 'requirements.txt': 'x\n', 'docker-compose.yml': compose }));
    expect(r.status).toBe('failed');
    expect(r.message).toContain('a.Dockerfile:3: 2 Dockerfiles install the same `requirements.txt`');
    expect(r.message).toContain('also b.Dockerfile:3');
    expect((await run(dockerfileNoDuplicateInstalls, project({ 'a.Dockerfile': df, 'requirements.txt': 'x\n' }))).status).toBe('passed');
  });
});

describe('compose.one-network', () => {
  it('names each service off the network with its line; passes when all are on it (network_mode: service counts)', async () => {
    const off = 'services:\n  api:\n    image: a\n    networks: [app]\n  worker:\n    image: b\n  db:\n    image: c\n    network_mode: host\nnetworks:\n  app: {}\n';
    const r = await run(composeOneNetwork, project({ 'docker-compose.yml': off }), { file: 'docker-compose.yml' });
    expect(r.status).toBe('failed');
    expect(r.message).toContain('docker-compose.yml:5: service `worker` is not on network `app` (it is on `default`)');
    expect(r.message).toContain('docker-compose.yml:7: service `db` is not on network `app` (it has: network_mode: host)');
    const on = 'services:\n  api:\n    image: a\n    networks: [app]\n  side:\n    image: b\n    network_mode: "service:api"\nnetworks:\n  app: {}\n';
    expect((await run(composeOneNetwork, project({ 'docker-compose.yml': on }), { file: 'docker-compose.yml' })).status).toBe('passed');
  });

  it('fails at line 1 when no network is declared, and for a missing file', async () => {
    const r = await run(composeOneNetwork, project({ 'docker-compose.yml': 'services:\n  a:\n    image: x\n' }), { file: 'docker-compose.yml' });
    expect(r.message).toMatch(/^docker-compose\.yml:1: no top-level network is declared/);
    expect(await run(composeOneNetwork, project({}), { file: 'docker-compose.yml' })).toEqual({ status: 'failed', message: 'docker-compose.yml does not exist' });
  });
});

describe('compose.shared-base-image', () => {
  const compose = 'services:\n  base:\n    image: shop-base\n    build: {context: ., dockerfile: base.Dockerfile}\n  api:\n    build: ./api\n  worker:\n    build: ./worker\n';
  it('passes when the services build FROM the project base image (the base itself is not a service)', async () => {
    const root = project({ 'docker-compose.yml': compose, 'base.Dockerfile': 'FROM python:3.12\n', 'api/Dockerfile': 'FROM shop-base\n', 'worker/Dockerfile': 'FROM shop-base AS w\nFROM w\n' });
    expect(await run(composeSharedBaseImage, root)).toEqual({ status: 'passed', message: 'all 2 service images build on shop-base' });
  });

  it('names every service FROM line when the bases differ; one built service is skipped', async () => {
    const root = project({ 'docker-compose.yml': compose, 'base.Dockerfile': 'FROM python:3.12\n', 'api/Dockerfile': 'FROM shop-base\n', 'worker/Dockerfile': '# worker\nFROM python:3.11\n' });
    const r = await run(composeSharedBaseImage, root);
    expect(r.status).toBe('failed');
    expect(r.message).toContain('api/Dockerfile:1: FROM shop-base (service `api` in docker-compose.yml)');
    expect(r.message).toContain('worker/Dockerfile:2: FROM python:3.11 (service `worker` in docker-compose.yml)');
    const one = project({ 'docker-compose.yml': 'services:\n  api:\n    build: .\n', Dockerfile: 'FROM x:1\n' });
    expect((await run(composeSharedBaseImage, one)).status).toBe('skipped');
  });
});

describe('env.secrets-split', () => {
  const CANARY = 'canary-split-5150';
  const spec = { settings: '.env', secrets: 'secrets.env', example: 'secrets.example' };

  it('passes the split layout', async () => {
    const root = project({ '.env': 'APP_ENV=dev\n', 'secrets.env': `DB_PASSWORD=${CANARY}\n`, 'secrets.example': 'DB_PASSWORD=\n', '.gitignore': 'secrets.env\n' });
    expect((await run(envSecretsSplit, root, spec)).status).toBe('passed');
  });

  it('names each problem with file:line and never a value', async () => {
    const root = project({
      '.env': `APP_ENV=dev\nAPI_TOKEN=${CANARY}\n`,
      'secrets.env': `DB_PASSWORD=${CANARY}\nOTHER_SECRET=${CANARY}\n`,
      'secrets.example': `DB_PASSWORD=${CANARY}\n`,
      '.gitignore': '.env\n',
    });
    const r = await run(envSecretsSplit, root, spec);
    expect(r.status).toBe('failed');
    expect(r.message).toContain('.env:2: API_TOKEN looks like a secret; move it to secrets.env');
    expect(r.message).toContain('.env:1: is ignored by git');
    expect(r.message).toContain('secrets.env:1: is not ignored by git');
    expect(r.message).toContain('secrets.example:1: DB_PASSWORD has a real-looking value');
    expect(r.message).toContain('secrets.example: lacks OTHER_SECRET (in secrets.env:2)');
    expect(r.message).not.toContain(CANARY);
  });

  it('a missing settings file and example are named', async () => {
    const r = await run(envSecretsSplit, project({}), spec);
    expect(r.message).toContain('.env: does not exist');
    expect(r.message).toContain('secrets.example: does not exist');
  });
});

describe('entrypoints.one-folder', () => {
  it('finds start scripts in ENTRYPOINT/CMD (exec and shell form)', () => {
    expect(scriptWords('["/usr/local/bin/docker-entrypoint.sh", "gunicorn"]')).toEqual(['/usr/local/bin/docker-entrypoint.sh']);
    expect(scriptWords('./scripts/start.sh --fast')).toEqual(['./scripts/start.sh']);
    expect(scriptWords('["python", "app.py"]')).toEqual([]);
  });

  it('traces scripts through COPY (file, PATH name, folder, COPY . .) and bind mounts; names each reference when they are in several folders', async () => {
    const root = project({
      'docker-compose.yml': 'services:\n  api:\n    build: ./api\n  worker:\n    build: ./worker\n  cron:\n    image: alpine:3\n    entrypoint: /run.sh\n    volumes: ["./ops/run.sh:/run.sh:ro"]\n',
      'api/Dockerfile': 'FROM x:1\nCOPY docker/entrypoint.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\n',
      'api/docker/entrypoint.sh': '#!/bin/sh\n',
      'worker/Dockerfile': 'FROM x:1\nWORKDIR /app\nCOPY . .\nCMD ./bin/start.sh\n',
      'worker/bin/start.sh': '#!/bin/sh\n',
      'ops/run.sh': '#!/bin/sh\n',
    });
    const r = await run(entrypointsOneFolder, root);
    expect(r.status).toBe('failed');
    expect(r.message).toContain('api/Dockerfile:3: starts api/docker/entrypoint.sh');
    expect(r.message).toContain('worker/Dockerfile:4: starts worker/bin/start.sh');
    expect(r.message).toContain('docker-compose.yml:8: starts ops/run.sh');
  });

  it('passes when they share a folder; `dir` demands that folder; nothing to trace is skipped', async () => {
    const files = {
      'docker-compose.yml': 'services:\n  api:\n    build: {context: ., dockerfile: api.Dockerfile}\n',
      'api.Dockerfile': 'FROM x:1\nCOPY docker/ /docker/\nENTRYPOINT ["/docker/api.sh"]\nCMD ["/docker/wait-for.sh"]\n',
      'docker/api.sh': '',
      'docker/wait-for.sh': '',
    };
    expect(await run(entrypointsOneFolder, project(files))).toEqual({ status: 'passed', message: '2 entrypoint scripts in docker/' });
    const other = await run(entrypointsOneFolder, project(files), { dir: 'docker/entrypoints' });
    expect(other.message).toContain('api.Dockerfile:3: starts docker/api.sh');
    expect((await run(entrypointsOneFolder, project({ Dockerfile: 'FROM x:1\nCMD ["python", "app.py"]\n' }))).status).toBe('skipped');
  });
});
