import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sslTestCerts } from '../../../src/actions/ssl-test-certs.js';
import { ciWorkflowValid } from '../../../src/checks/ci-workflow-valid.js';
import { sslCertsReady } from '../../../src/checks/ssl-certs-ready.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const TEST_COMPOSE = `# test stack
services:
  api:
    build: ./api
    ports:
      - "18000:8000"
    environment:
      - APP_ENV=test # keep
  db:
    image: postgres:16
`;
const BASE = `services:
  api:
    build: ./api
    volumes:
      - ./tls:/etc/api/tls:ro
`;

async function plan(root: string, extra: object = {}) {
  const ctx = contextFor(root);
  const ops = await sslTestCerts.plan!(sslTestCerts.schema.parse({ type: 'ssl.test-certs', file: 'docker-compose.test.yml', baseFile: 'docker-compose.yml', ...extra }), ctx);
  for (const op of ops) if (op.kind === 'write') {
    mkdirSync(path.dirname(path.join(root, op.path)), { recursive: true });
    writeFileSync(path.join(root, op.path), op.content, { mode: op.mode ?? 0o644 });
  }
  return { ops, ctx };
}
const check = (root: string) => sslCertsReady.run(sslCertsReady.schema.parse({ type: 'ssl.certs-ready', file: 'docker-compose.test.yml' }), contextFor(root));

describe('ssl.test-certs and ssl.certs-ready', () => {
  it('an existing certificate folder is mounted read-only where the base file mounts it, with the SSL_* environment (list form kept)', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'docker-compose.test.yml'), TEST_COMPOSE);
    writeFileSync(path.join(root, 'docker-compose.yml'), BASE);
    mkdirSync(path.join(root, 'tls'));
    writeFileSync(path.join(root, 'tls/server.crt'), 'CERT');
    writeFileSync(path.join(root, 'tls/server.key'), 'KEY', { mode: 0o600 });
    const { ops } = await plan(root);
    expect(ops.map((o) => (o.kind === 'write' ? o.path : ''))).toEqual(['docker-compose.test.yml']); // nothing generated
    const text = readFileSync(path.join(root, 'docker-compose.test.yml'), 'utf8');
    expect(text.startsWith('# test stack\n')).toBe(true);
    expect(text).toContain('- APP_ENV=test # keep');
    const api = parse(text).services.api;
    expect(api.volumes).toEqual(['./tls:/etc/api/tls:ro']);
    expect(api.environment).toEqual(['APP_ENV=test', 'SSL_ENABLED=${SSL_ENABLED:-false}', 'SSL_CERT_FILE=/etc/api/tls/server.crt', 'SSL_KEY_FILE=/etc/api/tls/server.key']);
    expect((await check(root)).status).toBe('passed');
    expect((await plan(root)).ops).toEqual([]); // idempotent
    chmodSync(path.join(root, 'tls/server.key'), 0o644);
    const bad = await check(root);
    expect(bad.status).toBe('failed');
    expect(bad.message).toContain('tls/server.key is readable by everyone (mode 0644); chmod 600 tls/server.key');
  });

  it('without certificates and without generation it changes nothing, says why, and the check is skipped', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'docker-compose.test.yml'), TEST_COMPOSE);
    const { ops, ctx } = await plan(root, { generate: false });
    expect(ops).toEqual([]);
    expect(ctx.lines.join('\n')).toMatch(/no certificate folder .* generation is off .*SSL in tests skipped/);
    const r = await check(root);
    expect(r.status).toBe('skipped');
  });

  it('a mount whose folder is missing fails the check (Docker would create an empty folder)', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'docker-compose.test.yml'), TEST_COMPOSE.replace('    build: ./api\n', '    build: ./api\n    volumes:\n      - ./certs:/certs\n'));
    const r = await check(root);
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/mounts \.\/certs, which does not exist or is empty.*read-write; add :ro/);
  });
});

describe('ci.workflow-valid', () => {
  const run = async (yaml: string, files: Record<string, string> = {}) => {
    const root = tempProject();
    mkdirSync(path.join(root, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(root, '.github/workflows/t.yml'), yaml);
    for (const [f, c] of Object.entries(files)) writeFileSync(path.join(root, f), c);
    return ciWorkflowValid.run(ciWorkflowValid.schema.parse({ type: 'ci.workflow-valid', path: '.github/workflows/t.yml' }), contextFor(root));
  };
  const wf = (steps: string) => `on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;

  it('passes when every file read exists or is made by an earlier command', async () => {
    const r = await run(wf('      - run: |\n          cp .env.ci.example .env.ci\n          docker compose -f ci.yml --env-file .env.ci up\n'), { 'ci.yml': 'services: {}\n', '.env.ci.example': '' });
    expect(r.status, r.message).toBe('passed');
  });
  it('fails on a missing file, an upload, invalid YAML', async () => {
    expect((await run(wf('      - run: docker compose -f missing.yml up\n'))).message).toContain('refers to files that do not exist: missing.yml');
    expect((await run(wf('      - uses: actions/upload-artifact@v4\n'))).message).toContain('uploads or pushes (actions/upload-artifact@v4)');
    expect((await run(wf('      - run: docker push me/app\n'))).message).toContain('runs an upload');
    expect((await run('on: push\njobs:\n  t:\n   steps: [\n')).message).toMatch(/t\.yml:\d+:\d+: not valid YAML/);
  });
});
