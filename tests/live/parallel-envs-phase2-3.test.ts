/**
 * Phases 2 and 3 live on a real Docker engine, on the demo project:
 * - the generated CI compose file run for real: the project's own test command (from its
 *   Makefile) passes with exit 0; the same command made to fail gives a non-zero exit, and
 *   the compose.ci-run check fails with it;
 * - the full three-phase run: `--yes` does everything a machine may do and ends non-zero with
 *   only the person's items pending; a person (a scripted prompter driving the engine, as the
 *   Ink UI would) confirms them with a note, and the run ends ok; then the manual rollback
 *   procedure and `rollback` must each give the original tree back byte for byte.
 * Unique project and container names and free ports; everything is removed afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDeriveCi } from '../../src/actions/compose-derive-ci.js';
import { composeCiRun } from '../../src/checks/compose-ci-run.js';
import { forgetLiveDetection } from '../../src/compose/engine-cli.js';
import { loadPlaybook } from '../../src/engine/playbook/load.js';
import type { Prompter, PromptRequest } from '../../src/engine/prompts.js';
import { runPlaybook } from '../../src/engine/runner.js';
import { Session } from '../../src/engine/session.js';
import { FACT_NAMES } from '../../src/facts/detect.js';
import { CLI, copyTree, removeTree, snapshot, type Snapshot } from '../helpers/cli.js';
import { contextFor, tempProject } from '../helpers/context.js';
import { ensureEngine, freePort, projectContainerNames, projectResources, removeProjects } from '../helpers/docker.js';

const engine = ensureEngine();
const repo = path.resolve(import.meta.dirname, '..', '..');
const tag = `${process.pid}${Math.floor(Math.random() * 1e6)}`;

/** The demo, made unique: its container names and host ports would clash with other runs on this machine. */
async function demo(): Promise<string> {
  const root = tempProject();
  execFileSync(process.execPath, [path.join(repo, 'scripts', 'prepare-demo.mjs'), root], { stdio: 'pipe' });
  for (const f of ['docker-compose.yml', 'docker-compose.test.yml']) {
    const p = path.join(root, f);
    writeFileSync(p, readFileSync(p, 'utf8').replace(/container_name: shop-/g, `container_name: shop${tag}-`));
  }
  const env = path.join(root, '.env');
  writeFileSync(env, readFileSync(env, 'utf8').replace('WEB_PORT=8080', `WEB_PORT=${await freePort()}`).replace('DB_PORT=6379', `DB_PORT=${await freePort()}`));
  return root;
}

function cli(root: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, '--cwd', root, ...args], { env: { ...process.env, CI: '1', NO_COLOR: '1' }, encoding: 'utf8', input: '', timeout: 900_000 });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** A person at the UI, scripted: applies each step, confirms every manual item with a note. */
function personForTests(note: string): Prompter & { asked: PromptRequest[] } {
  const asked: PromptRequest[] = [];
  return {
    asked,
    async ask(req) {
      asked.push(req);
      if (req.kind === 'confirm-step') return { choice: 'apply' } as never;
      if (req.kind === 'manual') return { confirmed: req.items.map((i) => i.id), note } as never;
      throw new Error(`unexpected prompt ${req.kind}: ${JSON.stringify(req).slice(0, 300)}`);
    },
  };
}

describe.skipIf(!engine.available)(`Phases 2 and 3 on a real engine${engine.available ? '' : ` (skipped: ${engine.reason})`}`, () => {
  const projects: string[] = [];
  const dirs: string[] = [];
  beforeAll(() => forgetLiveDetection());
  afterAll(() => {
    removeProjects(...projects);
    for (const p of projects) expect(projectContainerNames(p), `containers left by ${p}`).toEqual([]);
    dirs.forEach(removeTree);
  });

  it('the CI compose file: exit 0 with the project\'s test command, non-zero when that command fails; nothing left behind', async () => {
    const root = await demo();
    dirs.push(root);
    const prep = cli(root, '--yes', '--plain', '--set', `projectName=mwci${tag}`, '--to', 'makefile');
    expect(prep.code, prep.stderr).toBe(0);
    const ctx = contextFor(root);
    const derive = async (to: string) => {
      const spec = composeDeriveCi.schema.parse({ type: 'compose.derive-ci', from: 'docker-compose.test.yml', to, project: `mwci${tag}-ci`, composeCli: 'docker-compose', testCommand: 'make test-unit' });
      for (const op of await composeDeriveCi.plan!(spec, ctx)) if (op.kind === 'write') writeFileSync(path.join(root, op.path), op.content);
    };
    writeFileSync(path.join(root, '.env.ci'), readFileSync(path.join(root, '.env.test')));
    await derive('docker-compose.ci.yml');
    const run = (file: string, project: string) => {
      projects.push(project);
      return composeCiRun.run(composeCiRun.schema.parse({ type: 'compose.ci-run', file, project, envFile: '.env.ci' }), ctx);
    };
    const pass = await run('docker-compose.ci.yml', `mwci${tag}-ok`);
    expect(pass.status, pass.message).toBe('passed');
    expect(pass.message).toMatch(/exited with 0 .*the exit code of web-tests/);
    expect(ctx.lines.join('\n')).toMatch(/db answers/); // the real test ran, beside web, reaching db by name

    // The project's tests fail: the page they fetch is gone.
    const mk = path.join(root, 'Makefile');
    writeFileSync(mk, readFileSync(mk, 'utf8').replace('http://127.0.0.1:8000/health', 'http://127.0.0.1:8000/no-such-page'));
    await derive('docker-compose.ci-failing.yml');
    expect(readFileSync(path.join(root, 'docker-compose.ci-failing.yml'), 'utf8')).toContain('/no-such-page');
    const fail = await run('docker-compose.ci-failing.yml', `mwci${tag}-fail`);
    expect(fail.status).toBe('failed');
    expect(fail.message).toMatch(/exited with [1-9]\d*, expected 0 \(the exit code of web-tests\)/);
    for (const p of [`mwci${tag}-ok`, `mwci${tag}-fail`]) {
      expect(projectContainerNames(p)).toEqual([]);
      expect(projectResources('network', p)).toEqual([]);
      expect(projectResources('volume', p)).toEqual([]);
    }
  }, 600_000);

  describe('the full three-phase run on the demo', () => {
    let root: string;
    let original: Snapshot;
    let first: ReturnType<typeof cli>;
    const name = `mwfull${tag}`;

    beforeAll(async () => {
      root = await demo();
      dirs.push(root);
      projects.push(`${name}-dev`, `${name}-test`, `${name}-ci`);
      original = snapshot(root);
      first = cli(root, '--yes', '--plain', '--set', `projectName=${name}`);
    }, 900_000);

    it('--yes runs every step a machine may do, live, and ends non-zero with only the items for a person pending', () => {
      expect(first.code, first.stderr.slice(-3000)).toBe(1);
      for (const step of ['backup', 'dev-compose', 'rename-env', 'test-compose', 'makefile', 'verify-dev', 'verify-test', 'verify-parallel', 'ssl-test', 'env-ci', 'ci-compose', 'ci-workflow', 'migration-guide', 'readme-section', 'e2e-dev-test', 'e2e-ci', 'ignore-env', 'retire-old', 'rollback-procedure']) {
        expect(first.stderr, step).toMatch(new RegExp(`✓ ${step}: passed`));
      }
      const waiting = [...first.stderr.matchAll(/^- (\S+): skipped \(waiting for sign-off/gm)].map((m) => m[1]);
      expect(waiting).toEqual(['healthchecks', 'sign-off']);
      expect(first.stderr).toMatch(/service tester has no healthcheck in docker-compose\.test\.yml \(built from \.\/app: no standard probe is known for it\)/);
      expect(first.stderr).toMatch(/✓ check compose\.ci-run: .*exited with 0/);
    });

    it('a person confirms the items (time and note recorded) and the run ends ok', async () => {
      const saved = JSON.parse(readFileSync(path.join(root, '.migrate-wizard/state.json'), 'utf8')) as { vars: Record<string, string> };
      const playbook = loadPlaybook(path.join(repo, 'phases', 'parallel-envs'), 'parallel-envs', { knownVariables: [...FACT_NAMES] });
      expect(playbook.phases.map((p) => p.id)).toEqual(['split', 'enhance', 'validate']);
      const person = personForTests('told the team on Monday; guide read by two people');
      const session = Session.open(root, 'run', () => undefined);
      let result;
      try {
        result = await runPlaybook({ session, playbook, vars: saved.vars, prompter: person, assumeYes: false, signal: new AbortController().signal });
      } finally {
        await session.close();
      }
      expect(result.exitCode).toBe(0);
      const manual = person.asked.filter((r): r is Extract<PromptRequest, { kind: 'manual' }> => r.kind === 'manual');
      expect(manual.map((m) => m.stepId)).toEqual(['healthchecks', 'sign-off']);
      expect(manual[1].items.map((i) => i.id)).toEqual(['team-informed', 'docs-reviewed', 'ci-green']);
      const state = JSON.parse(readFileSync(path.join(root, '.migrate-wizard/state.json'), 'utf8'));
      expect(state.steps['sign-off'].status).toBe('passed');
      expect(state.steps['sign-off'].manual).toMatchObject({ confirmed: ['team-informed', 'docs-reviewed', 'ci-green'], note: 'told the team on Monday; guide read by two people' });
      expect(new Date(state.steps['sign-off'].manual.at).getTime()).toBeGreaterThan(Date.now() - 600_000);
      expect(state.steps.healthchecks.manual.confirmed).toEqual(['healthcheck-tester']);
      const status = cli(root, 'status');
      expect(status.stdout).not.toMatch(/pending|failed/);
    }, 600_000);

    it('ROLLBACK_PROCEDURE.md, replayed with bash in a copy, gives the original tree back byte for byte', () => {
      const copy = copyTree(root);
      dirs.push(copy);
      const script = /## By hand[\s\S]*?```sh\n([\s\S]*?)```/.exec(readFileSync(path.join(copy, 'ROLLBACK_PROCEDURE.md'), 'utf8'))![1];
      execFileSync('bash', ['-c', script], { cwd: copy, stdio: 'pipe' });
      expect(snapshot(copy)).toEqual(original);
    });

    // docker-compose.test.yml is written by Phase 1 and again by Phase 2 (the certificate mount).
    it('`rollback` of all three phases gives the original tree back byte for byte', () => {
      const r = cli(root, '--yes', '--plain', 'rollback');
      expect(r.code, r.stderr).toBe(0);
      expect(snapshot(root)).toEqual(original);
    });
  });
});
