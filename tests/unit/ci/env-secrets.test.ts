import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSanitize } from '../../../src/actions/env-sanitize.js';
import { envNoSecrets } from '../../../src/checks/env-no-secrets.js';
import { sanitizeEnvText } from '../../../src/ci/env-sanitize.js';
import { entryIsSecret, isSecretKey } from '../../../src/engine/secrets.js';
import { contextFor, tempProject } from '../../helpers/context.js';

// Canaries: unique strings that must never reach .env.ci or an .example file.
const DEV = [
  '# dev settings',
  'POSTGRES_USER=shop',
  'POSTGRES_PASSWORD=canary-dev-pw-1a2b',
  'DATABASE_URL=postgres://shop:canary-dev-pw-1a2b@db:5432/shop',
  'SENTRY_DSN=https://canary-dsn-key-9z:canary-dsn-secret-8y@sentry.example.com/42',
  "STRIPE_API_KEY='canary-stripe-key-3c4d'",
  'export JWT_SECRET="canary-jwt-secret-5e6f" # rotated monthly',
  'GITHUB_TOKEN=canary-gh-token-7g8h',
  'DB_PASSWD=canary-passwd-9i0j',
  'WEB_PORT=8080',
  'DEBUG=true',
  'ADMIN_PASSWORD=',
  '',
].join('\n');
const TEST = DEV.replace(/canary-dev/g, 'canary-test').replace('WEB_PORT=8080', 'WEB_PORT=18080');
const CANARIES = [...new Set([...DEV.matchAll(/canary-[a-z0-9-]+/g), ...TEST.matchAll(/canary-[a-z0-9-]+/g)].map((m) => m[0]))];

function project() {
  const root = tempProject();
  writeFileSync(path.join(root, '.env.dev'), DEV);
  writeFileSync(path.join(root, '.env.test'), TEST);
  return root;
}

async function apply(root: string, spec: Parameters<NonNullable<typeof envSanitize.plan>>[0]) {
  const ctx = contextFor(root);
  const ops = await envSanitize.plan!(envSanitize.schema.parse(spec), ctx);
  for (const op of ops) if (op.kind === 'write') writeFileSync(path.join(root, op.path), op.content, { mode: op.mode });
  return ops;
}

describe('secret-looking keys and values', () => {
  it('classifies keys by the issue patterns, and URLs by embedded credentials', () => {
    for (const k of ['API_KEY', 'STRIPE_SECRET', 'DB_PASSWORD', 'PASSWORD_FILE_X', 'GITHUB_TOKEN', 'REFRESH_TOKEN_TTL_X', 'DB_PASSWD', 'MYSQL_ROOT_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'SECRET_KEY_BASE']) expect(isSecretKey(k), k).toBe(true);
    for (const k of ['WEB_PORT', 'DEBUG', 'POSTGRES_USER', 'KEYBOARD_LAYOUT', 'MONKEY', 'APP_ENV']) expect(isSecretKey(k), k).toBe(false);
    expect(entryIsSecret('DATABASE_URL', 'postgres://u:hunter22@db/x')).toBe(true);
    expect(entryIsSecret('DATABASE_URL', 'postgres://db/x')).toBe(false);
    expect(entryIsSecret('DB_PASSWORD', '')).toBe(false);
  });

  it('mock mode keeps comments, order, quotes, export and non-secrets; the same secret gets the same mock', () => {
    const r = sanitizeEnvText(DEV, '.env.dev', 'mock');
    const lines = r.text.split('\n');
    expect(lines[0]).toBe('# dev settings');
    expect(lines[1]).toBe('POSTGRES_USER=shop');
    expect(lines[2]).toBe('POSTGRES_PASSWORD=mock-postgres-password-for-ci');
    // The DSN keeps agreeing with the password it embeds.
    expect(lines[3]).toBe('DATABASE_URL=postgres://shop:mock-postgres-password-for-ci@db:5432/shop');
    expect(lines[5]).toBe("STRIPE_API_KEY='mock-stripe-api-key-for-ci'");
    expect(lines[6]).toBe('export JWT_SECRET="mock-jwt-secret-for-ci" # rotated monthly');
    expect(lines.slice(9, 12)).toEqual(['WEB_PORT=8080', 'DEBUG=true', 'ADMIN_PASSWORD=']);
    expect(r.replaced).toEqual(['POSTGRES_PASSWORD', 'DATABASE_URL', 'SENTRY_DSN', 'STRIPE_API_KEY', 'JWT_SECRET', 'GITHUB_TOKEN', 'DB_PASSWD']);
  });
});

describe('canary: .env.ci and the .example files hold no secret of .env.dev or .env.test', () => {
  it('the actions write them and the check proves it (and every canary is really absent)', async () => {
    const root = project();
    await apply(root, { type: 'env.sanitize', from: '.env.test', to: '.env.ci', mode: 'mock' });
    await apply(root, { type: 'env.sanitize', from: '.env.dev', to: '.env.dev.example', mode: 'blank' });
    await apply(root, { type: 'env.sanitize', from: '.env.test', to: '.env.test.example', mode: 'blank' });
    await apply(root, { type: 'env.sanitize', from: '.env.ci', to: '.env.ci.example', mode: 'blank' });
    const ctx = contextFor(root);
    for (const file of ['.env.ci', '.env.dev.example', '.env.test.example', '.env.ci.example']) {
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const canary of CANARIES) expect(text, `${file} leaks ${canary}`).not.toContain(canary);
      const result = await envNoSecrets.run(envNoSecrets.schema.parse({ type: 'env.no-secrets', file, sources: ['.env.dev', '.env.test'] }), ctx);
      expect(result.status, result.message).toBe('passed');
    }
    const ci = readFileSync(path.join(root, '.env.ci'), 'utf8');
    expect(ci).toContain('WEB_PORT=18080');
    expect(ci).toMatch(/^# CI environment: made by migrate-wizard from \.env\.test/);
    const ciExample = readFileSync(path.join(root, '.env.ci.example'), 'utf8');
    expect(ciExample).toMatch(/^# Example for \.env\.ci: made by migrate-wizard from \.env\.ci;/);
    expect(ciExample.match(/made by migrate-wizard/g)).toHaveLength(1); // headers never stack
    expect(ciExample).toContain('POSTGRES_PASSWORD=\n');
    expect(ciExample).not.toContain('mock-');
    // Values never appear in the log lines either.
    expect(ctx.lines.join('\n')).not.toMatch(/canary-/);
  });

  it('the check fails on a leak, even inside a longer value, naming the key and not the value', async () => {
    const root = project();
    writeFileSync(path.join(root, '.env.ci'), 'WEB_PORT=1\nNOTES=prefix-canary-test-pw-1a2b-suffix\n');
    const result = await envNoSecrets.run(envNoSecrets.schema.parse({ type: 'env.no-secrets', file: '.env.ci', sources: ['.env.dev', '.env.test'] }), contextFor(root));
    expect(result.status).toBe('failed');
    expect(result.message).toContain('.env.test POSTGRES_PASSWORD');
    expect(result.message).not.toContain('canary');
  });

  it('a second run changes nothing', async () => {
    const root = project();
    expect(await apply(root, { type: 'env.sanitize', from: '.env.test', to: '.env.ci', mode: 'mock' })).toHaveLength(1);
    expect(await apply(root, { type: 'env.sanitize', from: '.env.test', to: '.env.ci', mode: 'mock' })).toHaveLength(0);
  });
});
