import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, removeTree, runCli, snapshot, tempDir } from '../helpers/cli.js';
import { ensureEngine, projectContainerNames, removeProjects } from '../helpers/docker.js';

/**
 * Issue 3, end to end through the wizard: Phase 1 on the demo project with --yes, live on the
 * real engine; then a second run changes nothing, and rollback gives back the original bytes.
 */
const engine = ensureEngine();
const project = `p1wiz${process.pid}`;
const dirs: string[] = [];

afterAll(() => {
  removeProjects(`${project}-dev`, `${project}-test`);
  dirs.forEach(removeTree);
});

async function demoCopy(): Promise<string> {
  const dir = path.join(tempDir('mw-p1-'), 'shop');
  dirs.push(path.dirname(dir));
  const { prepareDemoWithFreePorts } = (await import(path.join(REPO, 'scripts/prepare-demo.mjs'))) as { prepareDemoWithFreePorts(d: string): Promise<unknown> };
  await prepareDemoWithFreePorts(dir);
  // Other tests run the demo at the same time: its fixed container names must not clash.
  for (const f of ['docker-compose.yml', 'docker-compose.test.yml']) {
    const file = path.join(dir, f);
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('container_name: shop-', `container_name: ${project}-`));
  }
  return dir;
}

describe.skipIf(!engine.available)('Phase 1 through the wizard, live', () => {
  it('splits the demo, proves dev and test run side by side, is idempotent, and rolls back byte for byte', { timeout: 600_000 }, async () => {
    const dir = await demoCopy();
    const original = snapshot(dir);
    const args = ['--cwd', dir, '--yes', '--to', 'verify-parallel', '--set', `projectName=${project}`];

    const run = runCli(args);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    for (const id of ['backup', 'dev-compose', 'rename-env', 'test-compose', 'makefile', 'verify-dev', 'verify-test', 'verify-parallel']) {
      expect(run.stderr).toMatch(new RegExp(`✓ ${id}: passed`));
    }
    expect(run.stderr).toMatch(/check compose\.run-while-serving: .*came up beside .*passed.*kept answering/);
    const after = snapshot(dir);
    expect(Object.keys(after)).toEqual(expect.arrayContaining(['docker-compose.dev.yml', 'docker-compose.test.yml', '.env.dev', '.env.test']));
    expect(Object.keys(after)).not.toContain('.env');
    expect(readFileSync(path.join(dir, 'Makefile'), 'utf8')).toMatch(/^test-run: test-up\n\t/m);
    // Teardown always happens.
    expect(projectContainerNames(`${project}-dev`)).toEqual([]);
    expect(projectContainerNames(`${project}-test`)).toEqual([]);

    const again = runCli(args);
    expect(again.code, again.stderr.slice(-2000)).toBe(0);
    expect(snapshot(dir)).toEqual(after);
    expect(again.stderr).not.toMatch(/created:|changed:|renamed:/);
    const plan = runCli(['plan', '--cwd', dir, '--to', 'verify-parallel', '--set', `projectName=${project}`]);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);

    const back = runCli(['rollback', '--cwd', dir, '--yes']);
    expect(back.code, back.stderr).toBe(0);
    expect(snapshot(dir)).toEqual(original);
  });
});
