import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyTree, REPO, removeTree, runCli, snapshot } from '../helpers/cli.js';

const FIXTURE = path.join(REPO, 'tests/fixtures/crash/project');
const PLAYBOOK = path.join(REPO, 'tests/fixtures/crash/playbook');
const CANARY = 'canary-7f3a9c2e-secret';
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTree));

function fresh(): string {
  const d = copyTree(FIXTURE);
  chmodSync(path.join(d, 'settings.ini'), 0o640); // git keeps only 644/755
  dirs.push(d);
  return d;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const abs = path.join(d, n);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.push(abs);
    }
  };
  walk(dir);
  return out;
}

describe('idempotence', () => {
  it('a second run changes 0 files and plan says there is nothing to do', () => {
    const dir = fresh();
    expect(runCli(['--cwd', dir, '--playbook', PLAYBOOK, '--yes']).code).toBe(0);
    const after = snapshot(dir);
    const again = runCli(['--cwd', dir, '--playbook', PLAYBOOK, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/backup: already done/);
    expect(snapshot(dir)).toEqual(after);
    const plan = runCli(['plan', '--cwd', dir, '--playbook', PLAYBOOK]);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toMatch(/Nothing to do/);
    expect(snapshot(dir)).toEqual(after);
  });

  it('plan shows diffs, writes nothing, and exits 2 when there are changes', () => {
    const dir = fresh();
    const before = snapshot(dir, []);
    const plan = runCli(['plan', '--cwd', dir, '--playbook', PLAYBOOK]);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('+++ b/config/nested/app.conf');
    expect(plan.stdout).toContain('-mode=old\n+mode=new');
    expect(plan.stdout).toContain('rename from .env\nrename to .env.dev');
    expect(plan.stdout).not.toContain(CANARY);
    expect(snapshot(dir, [])).toEqual(before);
  });
});

describe('secrets', () => {
  it('the .env canary never reaches the state, the journal, the logs or the --json output', () => {
    const dir = fresh();
    const json = runCli(['--cwd', dir, '--playbook', PLAYBOOK, '--yes', '--json']);
    expect(json.code).toBe(0);
    const events = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0].type).toBe('run-start');
    expect(events.at(-1).type).toBe('done');
    expect(json.stdout).not.toContain(CANARY);
    const ws = path.join(dir, '.migrate-wizard');
    for (const f of [path.join(ws, 'state.json'), path.join(ws, 'journal.ndjson'), ...filesUnder(path.join(ws, 'logs'))]) {
      expect(readFileSync(f, 'utf8'), f).not.toContain(CANARY);
    }
    // The store holds byte copies (that is its job) and is private.
    for (const f of filesUnder(path.join(ws, 'store'))) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(ws, 'state.json')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(ws, 'journal.ndjson')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(ws, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('a command that prints the secret has it masked in logs and events', () => {
    const dir = fresh();
    const pb = copyTree(PLAYBOOK);
    dirs.push(pb);
    writeFileSync(
      path.join(pb, '3-leak.yaml'),
      `id: leak\ntitle: Leak\nsteps:\n  - id: print-env\n    title: Print the env\n    risk: low\n    priority: low\n    why: A careless script.\n    actions:\n      - { type: run, argv: [node, -e, "process.stdout.write(require('fs').readFileSync('.env.dev','utf8'))"] }\n`,
    );
    const r = runCli(['--cwd', dir, '--playbook', pb, '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('API_TOKEN=***');
    expect(r.stdout + r.stderr).not.toContain(CANARY);
    for (const f of filesUnder(path.join(dir, '.migrate-wizard/logs'))) expect(readFileSync(f, 'utf8')).not.toContain(CANARY);
  });
});

describe('rollback', () => {
  it('rolls back one step, then a phase, newest first, from a new process', () => {
    const dir = fresh();
    const original = snapshot(fresh());
    expect(runCli(['--cwd', dir, '--playbook', PLAYBOOK, '--yes']).code).toBe(0);
    const step = runCli(['rollback', '--cwd', dir, '--playbook', PLAYBOOK, '--step', 'run-things', '--yes']);
    expect(step.code, step.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'config/copy.conf'))).toBe(false);
    expect(existsSync(path.join(dir, 'config/nested/app.conf'))).toBe(true);
    const status = runCli(['status', '--cwd', dir]);
    expect(status.stdout).toMatch(/↺ run-things\s+rolled-back/);
    const phase = runCli(['rollback', '--cwd', dir, '--playbook', PLAYBOOK, '--phase', 'files', '--yes']);
    expect(phase.code, phase.stderr).toBe(0);
    expect(snapshot(dir)).toEqual(original);
    // And forward again: the rolled-back steps run anew.
    expect(runCli(['--cwd', dir, '--playbook', PLAYBOOK, '--yes']).code).toBe(0);
    expect(existsSync(path.join(dir, 'config/copy.conf'))).toBe(true);
  });

  it('refuses a file edited since (exit 4, nothing changed); --force keeps the user version beside it', () => {
    const dir = fresh();
    expect(runCli(['--cwd', dir, '--playbook', PLAYBOOK, '--yes']).code).toBe(0);
    writeFileSync(path.join(dir, 'settings.ini'), 'mode=mine\n');
    const before = snapshot(dir, []);
    const refused = runCli(['rollback', '--cwd', dir, '--playbook', PLAYBOOK, '--yes']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/settings\.ini was changed outside the wizard/);
    expect(refused.stderr).toMatch(/--force/);
    expect(snapshot(dir, ['.migrate-wizard/logs'])).toEqual(Object.fromEntries(Object.entries(before).filter(([k]) => !k.startsWith('.migrate-wizard/logs'))));
    const forced = runCli(['rollback', '--cwd', dir, '--playbook', PLAYBOOK, '--yes', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/your version is kept as settings\.ini\.user-edited/);
    expect(readFileSync(path.join(dir, 'settings.ini'), 'utf8')).toBe('mode=old\n');
    expect(statSync(path.join(dir, 'settings.ini')).mode & 0o777).toBe(0o640);
    expect(readFileSync(path.join(dir, 'settings.ini.user-edited'), 'utf8')).toBe('mode=mine\n');
  });

  it('restores file modes exactly', () => {
    const dir = fresh();
    chmodSync(path.join(dir, 'Makefile'), 0o755);
    const original = snapshot(dir);
    expect(runCli(['--cwd', dir, '--playbook', PLAYBOOK, '--yes']).code).toBe(0);
    expect(runCli(['rollback', '--cwd', dir, '--playbook', PLAYBOOK, '--yes']).code).toBe(0);
    expect(snapshot(dir)).toEqual(original);
  });
});

describe('verify', () => {
  it('re-runs the checks and reports drift with exit 4', () => {
    const dir = fresh();
    expect(runCli(['--cwd', dir, '--playbook', PLAYBOOK, '--yes']).code).toBe(0);
    const ok = runCli(['verify', '--cwd', dir, '--playbook', PLAYBOOK]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/check command: make -n all exited with 0/);
    writeFileSync(path.join(dir, 'config/copy.conf'), 'edited\n');
    const drift = runCli(['verify', '--cwd', dir, '--playbook', PLAYBOOK]);
    expect(drift.code).toBe(4);
    expect(drift.stderr).toMatch(/config\/copy\.conf \(from step run-things\) was edited after the wizard wrote it/);
  });
});

describe('bounds and status', () => {
  it('--from and --to bound a run', () => {
    const dir = fresh();
    const r = runCli(['--cwd', dir, '--playbook', PLAYBOOK, '--yes', '--to', 'backup']);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, 'backups'))).toBe(true);
    expect(existsSync(path.join(dir, 'config'))).toBe(false);
    const s = runCli(['status', '--cwd', dir, '--json']);
    const status = JSON.parse(s.stdout);
    expect(status.state.steps.backup.status).toBe('passed');
    expect(status.state.steps['write-and-rename']).toBeUndefined();
    const rest = runCli(['--cwd', dir, '--playbook', PLAYBOOK, '--yes', '--from', 'write-and-rename']);
    expect(rest.code).toBe(0);
    expect(existsSync(path.join(dir, 'config/copy.conf'))).toBe(true);
  });
});

describe('rollback of a file two steps changed', () => {
  it('undoes both, newest first; a lone older step is refused, naming the later one', () => {
    const dir = fresh();
    const original = snapshot(dir);
    const pb = copyTree(PLAYBOOK);
    dirs.push(pb);
    for (const f of ['1-files.yaml', '2-commands.yaml']) removeTree(path.join(pb, f));
    const step = (id: string, content: string) =>
      `  - id: ${id}\n    title: ${id}\n    risk: low\n    priority: low\n    why: Both write settings.ini.\n    actions:\n      - { type: file.write, path: settings.ini, content: "${content}" }\n`;
    writeFileSync(path.join(pb, '1-twice.yaml'), `id: twice\ntitle: Twice\nsteps:\n${step('first', 'one\\n')}${step('second', 'two\\n')}`);
    expect(runCli(['--cwd', dir, '--playbook', pb, '--yes']).code).toBe(0);
    expect(readFileSync(path.join(dir, 'settings.ini'), 'utf8')).toBe('two\n');
    const lone = runCli(['rollback', '--cwd', dir, '--playbook', pb, '--step', 'first', '--yes']);
    expect(lone.code).toBe(64);
    expect(lone.stderr).toMatch(/settings\.ini was changed again later by step "second"[\s\S]*rollback --step second/);
    const all = runCli(['rollback', '--cwd', dir, '--playbook', pb, '--yes']);
    expect(all.code, all.stderr).toBe(0);
    expect(snapshot(dir)).toEqual(original);
  });
});

describe('a step whose checks were all skipped', () => {
  it('is reported as skipped, never passed, and is tried again on the next run', () => {
    const dir = fresh();
    writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  web:\n    image: busybox\n');
    const pb = copyTree(PLAYBOOK);
    dirs.push(pb);
    for (const f of ['1-files.yaml', '2-commands.yaml']) removeTree(path.join(pb, f));
    writeFileSync(
      path.join(pb, '1-live.yaml'),
      'id: live\ntitle: Live\nsteps:\n  - id: validate\n    title: Validate\n    risk: low\n    priority: low\n    why: Needs the compose CLI.\n    checks:\n      - { type: compose.valid, file: docker-compose.yml }\n',
    );
    // No compose CLI on PATH: the check can only skip.
    const env = { PATH: '/nonexistent' };
    const first = runCli(['--cwd', dir, '--playbook', pb, '--yes'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/- validate: skipped \(checks skipped: no compose CLI found/);
    const second = runCli(['--cwd', dir, '--playbook', pb, '--yes'], { env });
    expect(second.stderr).toMatch(/check compose\.valid: no compose CLI found/);
    expect(second.stderr).not.toMatch(/validate: already done/);
  });
});
