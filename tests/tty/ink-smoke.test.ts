/**
 * The Ink reporter in a real terminal (tmux): raw-mode keys, the start screen and a step prompt
 * answered with send-keys, Ctrl+C handed to onInterrupt, and the terminal given back afterwards.
 * The driver is a tiny script around createInkReporter, bundled with esbuild as the CLI is.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { build } from 'esbuild';
import { startTmux, tmuxAvailable, type TmuxSession } from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir = '';
let session: TmuxSession | undefined;

const DRIVER = `
import { createInkReporter } from './ink/index.js';
const phases = [
  { id: 'prepare', title: 'Phase 1: Prepare', steps: [
    { id: 'backup', title: 'Back up compose files', risk: 'low', priority: 'high', why: '', status: 'passed' },
    { id: 'dev-compose', title: 'Create docker-compose.dev.yml', risk: 'medium', priority: 'critical', why: '', status: 'pending' },
  ] },
];
let interrupted = false;
const ui = createInkReporter({
  stderr: process.stderr, stdin: process.stdin, projectName: 'shop',
  logDir: '/tmp/shop/.migrate-wizard/logs', onInterrupt: () => { interrupted = true; },
});
const answers = [];
answers.push(await ui.askStart(
  { composeCli: { name: 'docker compose', version: '2.29.1' }, composeFiles: ['docker-compose.yml'], envFiles: ['.env'], makefile: true, engineReachable: true },
  { stepId: 'dev-compose', stepTitle: 'Create docker-compose.dev.yml' },
  { name: 'parallel-envs', phases },
));
ui.onEvent({ type: 'run-start', command: 'run', playbook: 'parallel-envs', projectRoot: '/tmp/shop', phases });
answers.push(await ui.prompter.ask({
  kind: 'confirm-step', stepId: 'dev-compose', title: 'Create docker-compose.dev.yml',
  why: 'Separate names so dev and test can run side by side.',
  diffs: [{ path: 'docker-compose.dev.yml', diff: '--- a\\n+++ b\\n@@ -0,0 +1 @@\\n+services: {}\\n' }], effects: [],
}));
ui.onEvent({ type: 'done', status: interrupted ? 'interrupted' : 'ok', exitCode: interrupted ? 130 : 0,
  summary: { created: ['docker-compose.dev.yml'], modified: [], renamed: [], skipped: [], failed: [], next: ['make dev-up'] } });
await ui.close();
process.stdout.write('RESULT ' + JSON.stringify({ answers, interrupted, isRaw: process.stdin.isRaw }) + '\\n');
process.exit(interrupted ? 130 : 0);
`;

function result(screen: string): { answers: unknown[]; interrupted: boolean; isRaw: boolean } {
  // The pane may wrap the JSON line; join the screen first.
  const m = /RESULT (\{.*\})/.exec(screen.replace(/\n/g, ''));
  if (!m) throw new Error(`no RESULT line on screen:\n${screen}`);
  return JSON.parse(m[1]!);
}

describe.skipIf(!tmuxAvailable())('Ink reporter in tmux', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mw-tty-'));
    await build({
      entryPoints: { 'ink/index': path.join(root, 'src/reporters/ink/index.ts') },
      outdir: dir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      external: ['react-devtools-core'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'warning',
    });
    writeFileSync(path.join(dir, 'driver.mjs'), DRIVER);
  });
  afterEach(() => session?.kill());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('start screen → Roll back; step → Skip with a reason; terminal restored', async () => {
    session = startTmux({ command: [process.execPath, 'driver.mjs'], cwd: dir, cols: 80, rows: 24 });
    await session.waitFor(/› Resume at Create docker-compose\.dev\.yml \(dev-compose\)/);
    expect(session.capture()).toContain('✓ Compose CLI: docker compose 2.29.1');
    // Narrow the terminal: the frame is redrawn for 60 columns, with no leftovers of the old one.
    session.resize(60, 24);
    await session.waitFor(/Resume at Create docker-compose\.dev\.yml…?/);
    await new Promise((r) => setTimeout(r, 300));
    const narrow = session.capture();
    expect(narrow.match(/Roll back everything/g)).toHaveLength(1);
    expect(narrow.match(/migrate-wizard · shop/g)).toHaveLength(1);
    session.sendKeys('Down', 'Enter');
    await session.waitFor(/Separate names so dev and test/);
    session.sendKeys('s');
    await session.waitFor(/Why skip this step\?/);
    session.type('not today');
    session.sendKeys('Enter');
    expect(await session.waitForExit()).toBe(0);
    const screen = session.capture();
    expect(result(screen)).toEqual({ answers: ['rollback', { choice: 'skip', reason: 'not today' }], interrupted: false, isRaw: false });
    expect(screen).toContain('$ make dev-up'); // the summary frame stays above the shell output
    expect(session.cursorVisible()).toBe(true);
  });

  test('60 columns with NO_COLOR: no colour, nothing cut mid-word; Ctrl+C goes to onInterrupt, exit 130', async () => {
    session = startTmux({ command: [process.execPath, 'driver.mjs'], cwd: dir, cols: 60, rows: 20, env: { NO_COLOR: '1' } });
    await session.waitFor(/Resume at/);
    const colored = session.capture({ escapes: true });
    // eslint-disable-next-line no-control-regex
    expect(colored).not.toMatch(/\u001B\[[0-9;]*[34][0-9](;[0-9]+)*m/); // no foreground/background colour
    for (const line of session.capture().split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
    session.sendKeys('Enter');
    await session.waitFor(/› Apply/);
    session.sendKeys('C-c');
    expect(await session.waitForExit()).toBe(130);
    const r = result(session.capture());
    expect(r).toEqual({ answers: ['resume', { choice: 'quit' }], interrupted: true, isRaw: false });
    expect(session.cursorVisible()).toBe(true);
  });
});
