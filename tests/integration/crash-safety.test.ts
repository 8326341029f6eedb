import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTree, REPO, removeTree, runCli, runCliKilledAfter, snapshot, type Snapshot } from '../helpers/cli.js';

/**
 * The journal's promise: a process SIGKILLed at any instruction leaves a state from which
 * resume reaches exactly the uninterrupted result, and rollback exactly the original tree.
 */
const FIXTURE = path.join(REPO, 'tests/fixtures/crash/project');
const PLAYBOOK = path.join(REPO, 'tests/fixtures/crash/playbook');
const RUN = ['--playbook', PLAYBOOK, '--yes'];

let original: Snapshot;
let finished: Snapshot;
let records = 0;
let uninterruptedMs = 0;
const dirs: string[] = [];

function fresh(): string {
  const dir = copyTree(FIXTURE);
  // git keeps only 644/755: give the fixture its unusual mode here, so restoring modes is tested.
  chmodSync(path.join(dir, 'settings.ini'), 0o640);
  dirs.push(dir);
  return dir;
}

/** After a kill: resume in one copy, roll back in another, and compare both with the references. */
function checkRecovery(killedDir: string, label: string): void {
  const resumed = copyTree(killedDir);
  const rolled = copyTree(killedDir);
  dirs.push(resumed, rolled);
  const r = runCli(['--cwd', resumed, ...RUN]);
  expect(r.code, `${label}: resume exit\n${r.stderr}`).toBe(0);
  expect(snapshot(resumed), `${label}: resumed tree`).toEqual(finished);
  const b = runCli(['rollback', '--cwd', rolled, '--playbook', PLAYBOOK, '--yes']);
  expect(b.code, `${label}: rollback exit\n${b.stderr}`).toBe(0);
  expect(snapshot(rolled), `${label}: rolled-back tree`).toEqual(original);
}

beforeAll(() => {
  original = snapshot(fresh());
  const dir = fresh();
  const started = performance.now();
  const r = runCli(['--cwd', dir, ...RUN]);
  uninterruptedMs = performance.now() - started;
  expect(r.code, r.stderr).toBe(0);
  finished = snapshot(dir);
  records = readFileSync(path.join(dir, '.migrate-wizard/journal.ndjson'), 'utf8').trim().split('\n').length;
});

afterAll(() => dirs.forEach(removeTree));

describe('crash safety', () => {
  it('the uninterrupted run changes files of every kind (so the kills below test something)', () => {
    expect(records).toBeGreaterThan(15);
    expect(finished).not.toEqual(original);
    expect(Object.keys(finished)).toContain('.env.dev');
    expect(Object.keys(finished)).not.toContain('.env');
    expect(finished['settings.ini']).toMatch(/ 640$/);
    expect(finished['secret-free.txt']).toMatch(/ 600$/);
  });

  it('a kill right after each journal record: resume and rollback are both exact', { timeout: 600_000 }, () => {
    let killed = 0;
    for (let n = 1; n <= records; n++) {
      const dir = fresh();
      const r = runCli(['--cwd', dir, ...RUN], { env: { MIGRATE_WIZARD_TEST_KILL_AFTER_RECORD: String(n) } });
      expect(r.signal, `record ${n}: the hook should have killed the run`).toBe('SIGKILL');
      killed++;
      checkRecovery(dir, `kill after record ${n}`);
    }
    expect(killed).toBe(records);
    console.log(`crash safety: ${killed} kills at journal records, each resumed and rolled back exactly`);
  });

  it('a kill between creating a folder and writing its file: resume and rollback are both exact', () => {
    const dir = fresh();
    const r = runCli(['--cwd', dir, ...RUN], { env: { MIGRATE_WIZARD_TEST_KILL_AT: 'after-mkdir' } });
    expect(r.signal).toBe('SIGKILL');
    expect(snapshot(dir)).toHaveProperty(['backups/']);
    checkRecovery(dir, 'kill after mkdir');
  });

  it('kills at 30 random moments: resume and rollback are both exact', { timeout: 600_000 }, async () => {
    let midRun = 0;
    for (let i = 0; i < 30; i++) {
      const dir = fresh();
      // Node start-up takes a good part of the run; spread kills over the whole of it.
      const at = Math.round(Math.random() * uninterruptedMs * 1.1);
      const r = await runCliKilledAfter(['--cwd', dir, ...RUN], at);
      if (r.signal === 'SIGKILL') midRun++;
      checkRecovery(dir, `random kill at ${at} ms`);
    }
    console.log(`crash safety: 30 random kills (${midRun} landed mid-run), each resumed and rolled back exactly`);
    expect(midRun).toBeGreaterThan(0);
  });
});
