/**
 * The parallel-envs action types on real temp projects: plan → apply the FileOps the way the
 * engine would (write/rename) → plan again gives nothing (idempotent).
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeDeriveDev } from '../../../src/actions/compose-derive-dev.js';
import { composeDeriveTest } from '../../../src/actions/compose-derive-test.js';
import { envDerive } from '../../../src/actions/env-derive.js';
import { envRename } from '../../../src/actions/env-rename.js';
import { makefileTargets } from '../../../src/actions/makefile-targets.js';
import type { ActionDefinition } from '../../../src/actions/types.js';
import type { FileOp } from '../../../src/engine/project-fs.js';
import { contextFor, tempProject } from '../../helpers/context.js';

function project(files: Record<string, string>): string {
  const root = tempProject();
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), t, f.startsWith('.env') ? { mode: 0o600 } : {});
  }
  return root;
}

async function planAndApply(root: string, action: ActionDefinition, raw: Record<string, unknown>, ctx = contextFor(root)): Promise<FileOp[]> {
  const ops = await action.plan!(action.schema.parse(raw), ctx);
  for (const op of ops) {
    if (op.kind === 'rename') renameSync(path.join(root, op.from), path.join(root, op.to));
    else writeFileSync(path.join(root, op.path), op.content, op.mode !== undefined ? { mode: op.mode } : {});
  }
  return ops;
}

const COMPOSE = 'services:\n  api:\n    image: api\n    container_name: api\n    env_file: .env\n    ports: ["3080:3080"]\n    volumes:\n      - ./.env:/app/.env\n';
const SECRET = 'API_KEY=s3cr3t-value-never-logged\nPORT=3080\n';

describe('env.rename', () => {
  it('renames without touching the content, rewrites references, reports docs, keeps the file ignored', async () => {
    const root = project({
      '.env': SECRET,
      'docker-compose.yml': COMPOSE,
      Makefile: 'up:\n\tdocker compose --env-file .env up -d\n',
      'README.md': 'Put secrets in .env\n',
      '.gitignore': 'node_modules\n.env\n',
    });
    const ctx = contextFor(root);
    const ops = await planAndApply(root, envRename, { type: 'env.rename' }, ctx);
    expect(ops.map((o) => (o.kind === 'rename' ? `rename ${o.from}→${o.to}` : `write ${o.path}`))).toEqual([
      'rename .env→.env.dev',
      'write docker-compose.yml',
      'write Makefile',
      'write .gitignore',
    ]);
    expect(readFileSync(path.join(root, '.env.dev'), 'utf8')).toBe(SECRET);
    expect(statSync(path.join(root, '.env.dev')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')).toBe(COMPOSE.replace('env_file: .env', 'env_file: .env.dev').replace('./.env:', './.env.dev:'));
    expect(readFileSync(path.join(root, 'Makefile'), 'utf8')).toContain('--env-file .env.dev up');
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toBe('Put secrets in .env\n');
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe('node_modules\n.env\n.env.dev\n.env.test\n');
    expect(ctx.lines).toContain('README.md:1:16: not rewritten (documentation: reported, never rewritten): Put secrets in .env');
    expect(ctx.lines.join('\n')).not.toContain('s3cr3t');
    // Second run: nothing left to do.
    expect(await envRename.plan!(envRename.schema.parse({ type: 'env.rename' }), contextFor(root))).toEqual([]);
  });

  it('keeps a BOM and CRLF line endings of the files it rewrites', async () => {
    const make = '\uFEFF-include .env\r\nup:\r\n\tdocker compose --env-file .env up\r\n';
    const root = project({ '.env': 'A=1\n', Makefile: make });
    await planAndApply(root, envRename, { type: 'env.rename' });
    expect(readFileSync(path.join(root, 'Makefile'), 'utf8')).toBe(make.replace('.env up', '.env.dev up').replace('include .env', 'include .env.dev'));
  });

  it('refuses when both names exist', async () => {
    const root = project({ '.env': 'A=1\n', '.env.dev': 'A=2\n' });
    await expect(envRename.plan!(envRename.schema.parse({ type: 'env.rename' }), contextFor(root))).rejects.toThrow('.env.dev already exists, and so does .env');
  });
});

describe('env.derive', () => {
  it('creates .env.test from .env.dev with the same bytes and mode, logging no value; leaves an existing one alone', async () => {
    const root = project({ '.env.dev': SECRET });
    const ctx = contextFor(root);
    await planAndApply(root, envDerive, { type: 'env.derive' }, ctx);
    expect(readFileSync(path.join(root, '.env.test'), 'utf8')).toBe(SECRET);
    expect(statSync(path.join(root, '.env.test')).mode & 0o777).toBe(0o600);
    expect(ctx.lines).toEqual(['.env.test: 2 variable(s) copied from .env.dev']);
    expect(await envDerive.plan!(envDerive.schema.parse({ type: 'env.derive' }), contextFor(root))).toEqual([]);
  });
});

describe('compose.derive-dev and compose.derive-test', () => {
  it('write their files once; a second plan changes nothing (test ports kept, found by binding)', async () => {
    const root = project({ '.env.dev': SECRET, 'docker-compose.yml': COMPOSE.replace('"3080:3080"', '"${PORT}:3080"') });
    const dev = { type: 'compose.derive-dev', from: 'docker-compose.yml', to: 'docker-compose.dev.yml', project: 'x-dev' };
    const test = { type: 'compose.derive-test', from: 'docker-compose.yml', to: 'docker-compose.test.yml', devFile: 'docker-compose.dev.yml' };
    expect((await planAndApply(root, composeDeriveDev, dev)).length).toBe(1);
    expect((await planAndApply(root, composeDeriveTest, test)).length).toBe(1);
    const testText = readFileSync(path.join(root, 'docker-compose.test.yml'), 'utf8');
    expect(testText).toContain('container_name: api-test');
    expect(testText).toContain('env_file: .env.test');
    expect(testText).toMatch(/ports: \["1\d{4}:3080"\]/);
    expect(await planAndApply(root, composeDeriveDev, dev)).toEqual([]);
    expect(await planAndApply(root, composeDeriveTest, test)).toEqual([]);
  });

  it('treats an empty or missing overlay as none', async () => {
    const root = project({ 'docker-compose.yml': COMPOSE });
    for (const overlay of ['', 'docker-compose.test.yml']) {
      const ops = await composeDeriveTest.plan!(composeDeriveTest.schema.parse({ type: 'compose.derive-test', from: 'docker-compose.yml', overlay, to: 'docker-compose.test.yml' }), contextFor(root));
      expect(ops).toHaveLength(1);
      expect((ops[0] as { content: Buffer }).content.toString()).toContain('container_name: api-test');
    }
  });

  it('fails with file:line on a fragment and plans nothing', async () => {
    const root = project({ 'docker-compose.yml': 'services:\n  web:\n    ports: ["80:80"]\n' });
    await expect(composeDeriveDev.plan!(composeDeriveDev.schema.parse({ type: 'compose.derive-dev', from: 'docker-compose.yml', to: 'docker-compose.dev.yml' }), contextFor(root))).rejects.toThrow(
      /^docker-compose\.yml:2:3: service web has neither image: nor build:/,
    );
    expect(existsSync(path.join(root, 'docker-compose.dev.yml'))).toBe(false);
  });
});

describe('makefile.targets', () => {
  it('creates a missing Makefile, then is idempotent', async () => {
    const root = project({});
    const spec = { type: 'makefile.targets', composeCli: 'docker-compose', devProject: 'x-dev', testProject: 'x-test', testCommand: 'make test-unit' };
    const ctx = contextFor(root);
    expect((await planAndApply(root, makefileTargets, spec, ctx)).length).toBe(1);
    expect(readFileSync(path.join(root, 'Makefile'), 'utf8')).toContain('dev-up:\n\t$(COMPOSE) -f docker-compose.dev.yml -p x-dev --env-file .env.dev up -d\n');
    expect(ctx.lines).toContain('Makefile: no Makefile: created one');
    expect(await planAndApply(root, makefileTargets, spec)).toEqual([]);
  });
});
