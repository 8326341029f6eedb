/**
 * The built CLI (dist/cli.js) in a real terminal, on the demo project and a real engine:
 * a full Phase 1 run answered with keys, Ctrl+C during a live check then Resume, and a
 * rollback from the start screen that gives back the tree byte for byte.
 *
 * Driven through tmux (send-keys in, capture-pane out). Every wait polls the screen for text;
 * a failure menu showing up instead ends the wait at once with the screen in the error.
 */
import { inCi } from '../helpers/ci.js';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CLI, REPO, removeTree, runCli, snapshot, tempDir } from '../helpers/cli.js';
import { ensureEngine, projectContainerNames, removeProjects } from '../helpers/docker.js';
import { shellQuote, startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';

const tmux = tmuxAvailable();
if (!tmux && inCi()) throw new Error('CI is set but tmux is not installed (apt-get install -y tmux)');
if (!tmux) console.warn('[tty tests skipped] tmux is not installed (apt-get install -y tmux)');
const engine = tmux ? ensureEngine() : { available: false };

const PHASE1 = ['backup', 'dev-compose', 'rename-env', 'test-compose', 'makefile', 'verify-dev', 'verify-test', 'verify-parallel'];
/** A live step builds images and starts containers; on a loaded 2-core machine that can take a minute. */
const LIVE_WAIT = 180_000;
const FAILURE_MENU = /r retry · b roll back · s skip · q quit/;

let sessions: TmuxSession[] = [];
let dirs: string[] = [];
let projects: string[] = [];

afterEach(() => {
  sessions.forEach((s) => s.kill());
  if (engine.available) removeProjects(...projects.flatMap((p) => [`${p}-dev`, `${p}-test`]));
  dirs.forEach(removeTree);
  sessions = [];
  dirs = [];
  projects = [];
});

/**
 * A fresh copy of the demo with free host ports. The demo pins container_name (shop-web,
 * shop-db), which other tests running the demo at the same time would clash with, so the
 * names get this test's tag; the project names are unique too.
 */
async function demoCopy(): Promise<{ dir: string; project: string }> {
  const tag = `${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const project = `tty${tag}`;
  const dir = path.join(tempDir('mw-tty-'), 'shop');
  dirs.push(path.dirname(dir));
  projects.push(project);
  const { prepareDemoWithFreePorts } = (await import(path.join(REPO, 'scripts/prepare-demo.mjs'))) as {
    prepareDemoWithFreePorts(d: string): Promise<unknown>;
  };
  await prepareDemoWithFreePorts(dir);
  const compose = path.join(dir, 'docker-compose.yml');
  writeFileSync(compose, readFileSync(compose, 'utf8').replace(/container_name: (shop-[\w-]+)/g, `container_name: $1-${tag}`));
  return { dir, project };
}

/**
 * Launch the wizard in a 100×40 pane. CI is unset so the CLI picks the Ink UI, as it would in a
 * person's terminal. After it exits, `stty -a` of the pane is saved beside the project: the
 * terminal must be back in cooked mode with echo.
 */
function launch(dir: string, project: string): TmuxSession {
  const argv = [process.execPath, CLI, '--cwd', dir, '--to', 'verify-parallel', '--set', `projectName=${project}`];
  const stty = path.join(path.dirname(dir), 'stty.txt');
  const command = `env -u CI ${argv.map(shellQuote).join(' ')}; rc=$?; stty -a > ${shellQuote(stty)}; (exit $rc)`;
  const s = startTmux({ command, cols: 100, rows: 40 });
  sessions.push(s);
  return s;
}

function sttyAfter(dir: string): string {
  return readFileSync(path.join(path.dirname(dir), 'stty.txt'), 'utf8');
}

/** Wait for `re`; a failure menu instead is a failed step, so fail now with its screen. */
async function waitOrFail(s: TmuxSession, re: RegExp, timeoutMs: number): Promise<string> {
  const either = new RegExp(`${re.source}|${FAILURE_MENU.source}`, re.flags);
  const screen = await s.waitFor(either, timeoutMs);
  if (!re.test(screen)) throw new Error(`a step failed while waiting for ${re}:\n${screen}`);
  return screen;
}

/** The step screen of `id` (its second line reads "step <id>"). */
const stepScreen = (id: string) => new RegExp(`^step ${id}$`, 'm');

/** Apply each step with `a` as its screen comes up. */
async function applySteps(s: TmuxSession, ids: string[]): Promise<void> {
  for (const id of ids) {
    await waitOrFail(s, stepScreen(id), LIVE_WAIT);
    s.sendKeys('a');
  }
}

function expectTerminalRestored(s: TmuxSession, dir: string): void {
  expect(s.cursorVisible()).toBe(true);
  const stty = sttyAfter(dir);
  // Raw mode clears icanon and echo; the wizard must have set them back.
  expect(stty).toMatch(/(^|\s)icanon(\s|$)/);
  expect(stty).toMatch(/(^|\s)echo(\s|$)/);
}

describe.skipIf(!tmux || !engine.available)('the wizard in a real terminal, on the demo and a live engine', () => {
  test('a full Phase 1: start screen → Start → apply every step → live checks pass → summary', { timeout: 600_000 }, async () => {
    const { dir, project } = await demoCopy();
    const s = launch(dir, project);

    const start = await s.waitFor(/› Start/, 60_000);
    expect(start).toMatch(/✓ Compose CLI: docker/);
    expect(start).toMatch(/✓ Container engine: reachable/);
    expect(start).toMatch(/1\. Phase 1: dev and test side by side\s+8 steps/);
    s.sendKeys('Enter');

    // The file steps show their changes before anything is written.
    const backup = await waitOrFail(s, stepScreen('backup'), 60_000);
    expect(backup).toMatch(/▸ backups\/pre-migration-\d{8}\/docker-compose\.yml\s+\+\d+ −0/);
    expect(existsSync(path.join(dir, 'backups'))).toBe(false);
    await applySteps(s, ['backup', 'dev-compose']);
    const rename = await waitOrFail(s, stepScreen('rename-env'), 60_000);
    expect(rename).toMatch(/▸ \.env\.dev ← \.env\s+renamed/);
    await applySteps(s, ['rename-env', 'test-compose', 'makefile', 'verify-dev']);

    // verify-dev's checks appear live under the checklist: dev came up and its ports answered.
    const live = await waitOrFail(s, /✓ check the published ports of \S+-dev answer/, LIVE_WAIT);
    expect(live).toMatch(/✓ check \S+-dev starts from docker-compose\.dev\.yml and becomes healthy\s+[\d.]+m?s/);
    await applySteps(s, ['verify-test', 'verify-parallel']);

    const summary = await waitOrFail(s, /✓ Done/, LIVE_WAIT);
    for (const cmd of ['make dev-up', 'make test-up', 'make test-run', 'make test-down']) expect(summary).toContain(`$ ${cmd}`);
    expect(summary).toMatch(/Renamed \(1\)\s+\.env → \.env\.dev/);
    expect(summary).toMatch(/Full log: \S+\.migrate-wizard\/logs\/run-[\d-]+\.log/);
    expect(await s.waitForExit(30_000)).toBe(0);
    expectTerminalRestored(s, dir);

    for (const f of ['docker-compose.dev.yml', 'docker-compose.test.yml', '.env.dev', '.env.test']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(existsSync(path.join(dir, '.env'))).toBe(false);
    expect(readFileSync(path.join(dir, 'Makefile'), 'utf8')).toMatch(/^dev-up:/m);
    const [backupDir] = readdirSync(path.join(dir, 'backups'));
    expect(existsSync(path.join(dir, 'backups', backupDir!, 'manifest.json'))).toBe(true);
    // The live steps tear down what they started.
    expect(projectContainerNames(`${project}-dev`)).toEqual([]);
    expect(projectContainerNames(`${project}-test`)).toEqual([]);
  });

  test('Ctrl+C during a live check: exit 130, terminal restored, resume hint; a relaunch resumes there and finishes', { timeout: 600_000 }, async () => {
    const { dir, project } = await demoCopy();
    const first = launch(dir, project);
    await first.waitFor(/› Start/, 60_000);
    first.sendKeys('Enter');
    await applySteps(first, PHASE1.slice(0, 6)); // … through verify-dev

    // Stop while `compose up` of verify-dev is running.
    await waitOrFail(first, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] check \S+-dev starts from docker-compose\.dev\.yml/, LIVE_WAIT);
    first.sendKeys('C-c');
    await first.waitFor(/Stopping after the current action; progress is saved/, 10_000);
    expect(await first.waitForExit(LIVE_WAIT)).toBe(130);
    const stopped = first.capture();
    expect(stopped).toMatch(/run `migrate-wizard` again to resume/);
    expectTerminalRestored(first, dir);
    // Nothing half-written: the file steps are complete, the live one was not recorded as passed.
    expect(existsSync(path.join(dir, 'docker-compose.test.yml'))).toBe(true);
    const state = readFileSync(path.join(dir, '.migrate-wizard', 'state.json'), 'utf8');
    expect(state).not.toMatch(/"verify-dev":\s*\{[^}]*"status":\s*"passed"/);

    const again = launch(dir, project);
    const start = await again.waitFor(/› Resume at/, 60_000);
    expect(start).toMatch(/› Resume at Live: dev comes up healthy and its ports answer \(verify-dev\)/);
    expect(start).toMatch(/Roll back everything the wizard did/);
    again.sendKeys('Enter');
    // verify-dev was approved before the stop, so its checks run again at once, in the run view.
    await waitOrFail(again, /migrate-wizard · shop · parallel-envs · resuming at verify-dev/, 60_000);
    await waitOrFail(again, /✓ check the published ports of \S+-dev answer/, LIVE_WAIT);
    await applySteps(again, ['verify-test', 'verify-parallel']);
    await waitOrFail(again, /✓ Done/, LIVE_WAIT);
    expect(again.capture()).toContain('$ make test-run');
    expect(await again.waitForExit(30_000)).toBe(0);
    expectTerminalRestored(again, dir);
    expect(projectContainerNames(`${project}-dev`)).toEqual([]);
  });
});

describe.skipIf(!tmux)('the wizard in a real terminal: rollback from the start screen', () => {
  test('Roll back → a wrong name is refused → the project name → the tree is byte for byte what it was', { timeout: 300_000 }, async () => {
    const { dir, project } = await demoCopy();
    const original = snapshot(dir);
    // The file steps only (no engine needed), applied without a terminal.
    const run = runCli(['--cwd', dir, '--yes', '--to', 'makefile', '--set', `projectName=${project}`]);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(snapshot(dir)).not.toEqual(original);

    const s = launch(dir, project);
    const start = await s.waitFor(/› Resume at/, 60_000);
    expect(start).toMatch(/Roll back everything the wizard did/);
    s.sendKeys('Down');
    await s.waitFor(/› Roll back everything the wizard did/);
    s.sendKeys('Enter');

    await s.waitFor(/Type shop to confirm, or Esc to cancel\./);
    const confirm = s.capture();
    expect(confirm).toMatch(/⚠ Roll back the whole migration of shop: 12 change\(s\) will be undone, newest first:/);
    expect(confirm).toMatch(/rename \.env\.dev → \.env/);
    s.type('shap');
    s.sendKeys('Enter');
    await s.waitFor(/That is not “shop”/);
    expect(existsSync(path.join(dir, 'docker-compose.dev.yml'))).toBe(true); // nothing happened yet
    s.sendKeys('BSpace', 'BSpace', 'BSpace', 'BSpace');
    s.type('shop');
    s.sendKeys('Enter');

    const done = await s.waitFor(/✓ Done/, 60_000);
    expect(done).toMatch(/Roll back \(everything\) · 12\/12 · done, 12 restored/);
    expect(done).toMatch(/↺ rename \.env\.dev → \.env/);
    expect(done).toContain('12 change(s) rolled back.');
    expect(await s.waitForExit(30_000)).toBe(0);
    expectTerminalRestored(s, dir);
    expect(snapshot(dir)).toEqual(original);
  });
});
