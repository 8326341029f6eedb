import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionDefinition } from '../../../src/actions/types.js';
import { addNonRootUser, baseFamily, dockerfileNonRootUser } from '../../../src/actions/dockerfile-non-root-user.js';
import { dockerfileDepsFirst, parseInstallRun } from '../../../src/actions/dockerfile-deps-first.js';
import { dockerignoreExcludeEnv } from '../../../src/actions/dockerignore-exclude-env.js';
import type { FileOp } from '../../../src/engine/project-fs.js';
import { isIgnored, parseIgnore } from '../../../src/ci/ignore-file.js';
import { contextFor, tempProject } from '../../helpers/context.js';

function project(files: Record<string, string | Buffer>): string {
  const root = tempProject();
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

/** Plan, apply the ops to disk (as the engine would), and plan again: the second plan must be empty. */
async function applyTwice(def: ActionDefinition, root: string, spec: Record<string, unknown> = {}) {
  const ctx = contextFor(root);
  const parsed = def.schema.parse({ type: def.type, ...spec });
  const ops = (await def.plan!(parsed, ctx)) as FileOp[];
  for (const op of ops) if (op.kind === 'write') writeFileSync(path.join(root, op.path), op.content);
  const again = await def.plan!(parsed, contextFor(root));
  return { ops, again, lines: ctx.lines };
}
const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');

describe('dockerignore.exclude-env', () => {
  it('creates a .dockerignore per build context, appends to an existing one, and is idempotent', async () => {
    const root = project({
      'docker-compose.yml': 'services:\n  api:\n    build: ./api\n',
      'api/Dockerfile': 'FROM x:1\nCOPY . .\n',
      'api/secrets.env': 'TOKEN=1\n',
      'worker/Dockerfile': 'FROM x:1\nCOPY . .\n',
      'worker/.dockerignore': 'node_modules\r\n',
      'tool/Dockerfile': 'FROM x:1\nRUN true\n', // copies nothing: no context to protect
    });
    const { ops, again } = await applyTwice(dockerignoreExcludeEnv, root);
    expect(ops.map((o) => (o.kind === 'write' ? o.path : '')).sort()).toEqual(['api/.dockerignore', 'worker/.dockerignore']);
    expect(read(root, 'api/.dockerignore')).toContain('**/.env\n**/.env.*\n/secrets.env\n.git\n');
    // CRLF kept, user's line first, only the env lines added.
    expect(read(root, 'worker/.dockerignore')).toBe('node_modules\r\n\r\n# Env files hold secrets: keep them out of the build context (added by migrate-wizard)\r\n**/.env\r\n**/.env.*\r\n');
    expect(again).toEqual([]);
    // `**/` is whole folders (as in Docker and git): `**/.env` does not cover secrets.env.
    expect(isIgnored(parseIgnore('**/.env\n'), 'secrets.env')).toBe(false);
    expect(isIgnored(parseIgnore('**/.env\n'), 'a/b/.env')).toBe(true);
  });

  it('keeps an env template a COPY names, and adds nothing to a file that already excludes .env*', async () => {
    const root = project({ Dockerfile: 'FROM x:1\nCOPY .env.example /app/.env\nCOPY . .\n' });
    await applyTwice(dockerignoreExcludeEnv, root);
    expect(read(root, '.dockerignore')).toMatch(/\*\*\/\.env\.\*\n(.*\n)*!\.env\.example\n/);
    const done = project({ Dockerfile: 'FROM x:1\nCOPY . .\n', '.dockerignore': '.env*\n**/.env*\n' });
    expect((await applyTwice(dockerignoreExcludeEnv, done)).ops).toEqual([]);
  });
});

describe('dockerfile.non-root-user', () => {
  it('knows which bases have useradd/adduser', () => {
    expect(baseFamily('python:3.12-slim')).toBe('debian');
    expect(baseFamily('docker.io/library/node:20')).toBe('debian');
    expect(baseFamily('python:3.12-alpine')).toBe('alpine');
    expect(baseFamily('alpine:3.20@sha256:abc')).toBe('alpine');
    expect(baseFamily('rockylinux:9')).toBe('rhel');
    expect(baseFamily('gcr.io/distroless/python3')).toBe('distroless');
    for (const unknown of ['nginx:1.27', 'scratch', 'shop-base', '${BASE}', 'mcr.microsoft.com/windows/servercore:ltsc2022', 'python:3.12-windowsservercore']) expect(baseFamily(unknown)).toBe('unknown');
  });

  it('creates the user after FROM and switches after the last RUN/COPY of the final stage only', () => {
    const text = 'FROM node:20 AS build\nRUN npm ci\nFROM python:3.12-slim\nWORKDIR /app\nCOPY --from=build /x /x\nRUN pip install flask\nEXPOSE 80\nCMD ["python"]\n';
    const r = addNonRootUser(text, 'svc');
    expect('text' in r && r.text).toBe(
      'FROM node:20 AS build\nRUN npm ci\nFROM python:3.12-slim\n# An unprivileged user for the app (added by migrate-wizard)\nRUN groupadd --system svc && useradd --system --gid svc --create-home --shell /usr/sbin/nologin svc\nWORKDIR /app\nCOPY --from=build /x /x\nRUN pip install flask\nUSER svc\nEXPOSE 80\nCMD ["python"]\n',
    );
    const alpine = addNonRootUser('FROM python:3.12-alpine\nCOPY . .\n', 'app');
    expect('text' in alpine && alpine.text).toContain('RUN addgroup -S app && adduser -S -D -G app -h /home/app -s /sbin/nologin app\nCOPY . .\nUSER app\n');
    // A user created in a parent stage is only switched to.
    const parent = addNonRootUser('FROM debian:12 AS base\nRUN useradd app\nFROM base\nCOPY . .\n', 'app');
    expect('text' in parent && parent.text).toBe('FROM debian:12 AS base\nRUN useradd app\nFROM base\nCOPY . .\nUSER app\n');
    expect(addNonRootUser('FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n', 'app')).toMatchObject({ reason: expect.stringContaining('`nginx:1.27`') });
  });

  it('edits only root Dockerfiles on known bases, logs the others with file:line, keeps CRLF, is idempotent', async () => {
    const root = project({
      'a/Dockerfile': Buffer.from('FROM python:3.12\r\nCOPY . .\r\nCMD ["x"]\r\n'),
      'b/Dockerfile': 'FROM nginx:1.27\nCOPY . /srv\n',
      'c/Dockerfile': 'FROM python:3.12\nUSER nobody\n',
    });
    const { ops, again, lines } = await applyTwice(dockerfileNonRootUser, root);
    expect(ops.map((o) => (o.kind === 'write' ? o.path : ''))).toEqual(['a/Dockerfile']);
    expect(read(root, 'a/Dockerfile')).toContain('COPY . .\r\nUSER app\r\nCMD ["x"]\r\n');
    expect(lines.join('\n')).toContain('b/Dockerfile:1: not changed: base image `nginx:1.27`');
    expect(again).toEqual([]);
  });

  it('refuses a user name that is not one', async () => {
    const root = project({ Dockerfile: 'FROM python:3.12\n' });
    await expect(dockerfileNonRootUser.plan!(dockerfileNonRootUser.schema.parse({ type: 'dockerfile.non-root-user', user: 'app; rm -rf /' }), contextFor(root))).rejects.toThrow(/not a valid user name/);
  });
});

describe('dockerfile.deps-first', () => {
  it('accepts installs that read only manifests, refuses ones that need the source', () => {
    expect(parseInstallRun('pip install --no-cache-dir -r requirements.txt -c constraints.txt')).toEqual([{ kind: 'pip', files: ['requirements.txt', 'constraints.txt'] }]);
    expect(parseInstallRun('pip install -U pip && npm ci --omit=dev && rm -rf /root/.cache')).toEqual([{ kind: 'pip', files: [] }, { kind: 'npm' }]);
    for (const needsSource of ['pip install -e .', 'pip install .', 'pip install -r requirements.txt && python manage.py collectstatic', 'npm install ./local-pkg', '["pip", "install", "-r", "r.txt"]']) {
      expect(parseInstallRun(needsSource)).toHaveProperty('reason');
    }
  });

  it('moves a pip install (with its comment) above COPY . ., copying the requirements and what they include', async () => {
    const root = project({
      Dockerfile: 'FROM python:3.12\nWORKDIR /app\n# the code\nCOPY --chown=app . .\nENV X=1\n# deps\nRUN pip install -r requirements/prod.txt\nCMD ["x"]\n',
      'requirements/prod.txt': '-r base.txt\nflask\n',
      'requirements/base.txt': 'requests\n',
    });
    const { ops, again } = await applyTwice(dockerfileDepsFirst, root);
    expect(ops).toHaveLength(1);
    expect(read(root, 'Dockerfile')).toBe(
      'FROM python:3.12\nWORKDIR /app\nCOPY --chown=app requirements/base.txt requirements/prod.txt ./requirements/\n# deps\nRUN pip install -r requirements/prod.txt\n# the code\nCOPY --chown=app . .\nENV X=1\nCMD ["x"]\n',
    );
    expect(again).toEqual([]);
  });

  it('npm: copies package.json and the lock file; leaves unsafe cases alone and says why', async () => {
    const root = project({
      'web/Dockerfile': 'FROM node:20\nWORKDIR /srv\nCOPY . .\nRUN npm ci\n',
      'web/package.json': '{"name":"w"}',
      'web/package-lock.json': '{}',
      'hooks/Dockerfile': 'FROM node:20\nWORKDIR /srv\nCOPY . .\nRUN npm ci\n',
      'hooks/package.json': '{"scripts":{"postinstall":"node build.js"}}',
      'mixed/Dockerfile': 'FROM python:3.12\nCOPY . .\nRUN ./prepare.sh\nRUN pip install -r requirements.txt\n',
      'mixed/requirements.txt': 'x\n',
      'local/Dockerfile': 'FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n',
      'local/requirements.txt': '-e ./libs/core\n',
    });
    const { ops, lines } = await applyTwice(dockerfileDepsFirst, root);
    expect(ops.map((o) => (o.kind === 'write' ? o.path : ''))).toEqual(['web/Dockerfile']);
    expect(read(root, 'web/Dockerfile')).toBe('FROM node:20\nWORKDIR /srv\nCOPY package-lock.json package.json ./\nRUN npm ci\nCOPY . .\n');
    const log = lines.join('\n');
    expect(log).toContain('hooks/Dockerfile:4: package.json runs postinstall scripts on install');
    expect(log).toContain('mixed/Dockerfile:4: other instructions run between `COPY . .` and the install');
    expect(log).toContain('local/Dockerfile:3: requirements.txt installs a local path (-e ./libs/core)');
  });
});
