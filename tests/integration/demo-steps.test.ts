/**
 * Steps 2–5 of parallel-envs, action by action, on a temp copy of the demo project: its test
 * file is a real overlay (merged onto the base), its .env is bind-mounted and read by a script,
 * its Makefile has `up`/`down`/`logs`. The results must pass every static check, and make -n.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeDeriveDev } from '../../src/actions/compose-derive-dev.js';
import { composeDeriveTest } from '../../src/actions/compose-derive-test.js';
import { envDerive } from '../../src/actions/env-derive.js';
import { envRename } from '../../src/actions/env-rename.js';
import { makefileTargets } from '../../src/actions/makefile-targets.js';
import type { ActionDefinition } from '../../src/actions/types.js';
import { composeBindSourcesExist } from '../../src/checks/compose-bind-sources-exist.js';
import { composeNamesSuffixed } from '../../src/checks/compose-names-suffixed.js';
import { composeParallelSafe } from '../../src/checks/compose-parallel-safe.js';
import { makeDryRun } from '../../src/checks/make-dry-run.js';
import type { CheckDefinition } from '../../src/checks/types.js';
import { collectComments } from '../../src/compose/source-edit.js';
import { contextFor, tempProject } from '../helpers/context.js';

const DEMO = path.resolve(import.meta.dirname, '..', '..', 'demo', 'parallel-envs');
const haveV1 = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

async function act(root: string, action: ActionDefinition, raw: Record<string, unknown>) {
  const ctx = contextFor(root);
  const ops = await action.plan!(action.schema.parse(raw), ctx);
  for (const op of ops) {
    if (op.kind === 'rename') renameSync(path.join(root, op.from), path.join(root, op.to));
    else writeFileSync(path.join(root, op.path), op.content, op.mode !== undefined ? { mode: op.mode } : {});
  }
  return { ops, lines: ctx.lines };
}

async function check(root: string, c: CheckDefinition, raw: Record<string, unknown>) {
  return c.run(c.schema.parse(raw), contextFor(root));
}

describe('demo project, steps 2–5', () => {
  it('produces dev and test stacks that pass every static check; a second run changes nothing', async () => {
    const root = tempProject(DEMO);
    const original = Object.fromEntries(['docker-compose.yml', 'docker-compose.test.yml'].map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
    const steps: [ActionDefinition, Record<string, unknown>][] = [
      [composeDeriveDev, { type: 'compose.derive-dev', from: 'docker-compose.yml', to: 'docker-compose.dev.yml', project: 'shop-dev' }],
      [envRename, { type: 'env.rename' }],
      [envDerive, { type: 'env.derive' }],
      [composeDeriveTest, { type: 'compose.derive-test', from: 'docker-compose.yml', overlay: 'docker-compose.test.yml', to: 'docker-compose.test.yml', devFile: 'docker-compose.dev.yml', project: 'shop-test' }],
      [makefileTargets, { type: 'makefile.targets', composeCli: 'docker-compose', devProject: 'shop-dev', testProject: 'shop-test', testCommand: 'make test-unit' }],
    ];
    const logs: string[] = [];
    for (const [a, spec] of steps) logs.push(...(await act(root, a, spec)).lines);

    const test = readFileSync(path.join(root, 'docker-compose.test.yml'), 'utf8');
    // The overlay was merged: web is fully defined, tester too, with -test names and no keep-alive.
    expect(test).toContain('container_name: shop-web-test');
    expect(test).toContain('container_name: shop-tester-test');
    expect(test).toContain('APP_ENV: test');
    expect(test).not.toContain('sleep infinity');
    expect(test).toContain('- ./.env.test:/app/.env:ro');
    for (const c of collectComments(original['docker-compose.yml'])) expect(test).toContain(c.text.trim());
    for (const c of collectComments(original['docker-compose.test.yml'])) expect(test).toContain(c.text.trim());
    expect(readFileSync(path.join(root, 'scripts', 'wait-for-web.sh'), 'utf8')).toContain('. ./.env.dev');
    expect(logs.some((l) => l.startsWith('README.md:') && l.includes('not rewritten'))).toBe(true);

    const results = [
      await check(root, composeParallelSafe, {
        type: 'compose.parallel-safe',
        processEnv: false,
        files: [
          { file: 'docker-compose.dev.yml', project: 'shop-dev', envFiles: ['.env.dev'] },
          { file: 'docker-compose.test.yml', project: 'shop-test', envFiles: ['.env.test'] },
        ],
      }),
      await check(root, composeNamesSuffixed, { type: 'compose.names-suffixed', file: 'docker-compose.dev.yml', suffix: '-dev' }),
      await check(root, composeNamesSuffixed, { type: 'compose.names-suffixed', file: 'docker-compose.test.yml', suffix: '-test' }),
      await check(root, composeBindSourcesExist, { type: 'compose.bind-sources-exist', file: 'docker-compose.dev.yml' }),
      await check(root, composeBindSourcesExist, { type: 'compose.bind-sources-exist', file: 'docker-compose.test.yml' }),
      await check(root, composeBindSourcesExist, { type: 'compose.bind-sources-exist', file: 'docker-compose.yml' }),
      await check(root, makeDryRun, { type: 'make.dry-run', targets: ['dev-up', 'dev-down', 'dev-logs', 'dev-shell', 'dev-restart', 'test-up', 'test-down', 'test-run'] }),
    ];
    for (const r of results) expect(r.status, r.message).toBe('passed');

    if (haveV1) {
      for (const [file, project, env] of [['docker-compose.dev.yml', 'shop-dev', '.env.dev'], ['docker-compose.test.yml', 'shop-test', '.env.test']]) {
        const r = spawnSync('docker-compose', ['-f', file, '-p', project, '--env-file', env, 'config', '-q'], { cwd: root, encoding: 'utf8' });
        expect(r.status, `${file}: ${r.stdout}${r.stderr}`).toBe(0);
      }
    }

    // Second run: every action plans nothing.
    for (const [a, spec] of steps) expect((await act(root, a, spec)).ops, `${a.type} on a second run`).toEqual([]);
  });
});
