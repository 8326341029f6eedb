import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTree, REPO, runCli, tempDir } from '../helpers/cli.js';

/**
 * `--version`, `status` and every `--json` (and plain, non-TTY) path must not load Ink: it is
 * ~1 MB of JavaScript and would cost start-up time where no UI is drawn. A module hook records
 * every file the CLI process loads; no loaded dist chunk may hold Ink, React or its reconciler.
 * The markers are the `// node_modules/<pkg>/…` comments esbuild writes in unminified bundles.
 */
const DIST = path.join(REPO, 'dist');
const REGISTER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'import-trace', 'register.mjs');
const UI_MARKERS = ['// node_modules/ink/', '// node_modules/react-reconciler/', '// node_modules/react/'];

function hasUi(file: string): boolean {
  const text = readFileSync(file, 'utf8');
  return UI_MARKERS.some((m) => text.includes(m));
}

let project = '';
let traceDir = '';
let traced = 0;

/** Run the CLI with the import trace on; returns the dist files it loaded. */
function loadedBy(args: string[]): { code: number | null; files: string[] } {
  const trace = path.join(traceDir, `trace-${traced++}.txt`);
  const res = runCli(args, { env: { NODE_OPTIONS: `--import=${pathToFileURL(REGISTER).href}`, MW_TRACE_FILE: trace } });
  const urls = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : [];
  const files = urls.map((u) => fileURLToPath(u)).filter((f) => f.startsWith(DIST + path.sep));
  return { code: res.code, files };
}

beforeAll(() => {
  project = copyTree(path.join(REPO, 'tests', 'fixtures', 'crash', 'project'));
  traceDir = tempDir('mw-trace-');
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(traceDir, { recursive: true, force: true });
});

describe('commands that draw no UI never load Ink', () => {
  it('the markers find Ink in the bundle (so the checks below are not vacuous)', () => {
    const chunks = readdirSync(DIST).filter((f) => f.endsWith('.js'));
    expect(chunks.filter((f) => hasUi(path.join(DIST, f))).length).toBeGreaterThan(0);
  });

  it('the trace and the markers catch a process that does load Ink', () => {
    const inkChunk = readdirSync(DIST).find((f) => /^ink-.*\.js$/.test(f));
    expect(inkChunk, 'no dist/ink-*.js chunk: has the Ink reporter moved?').toBeDefined();
    const trace = path.join(traceDir, 'self-test.txt');
    const res = spawnSync(process.execPath, ['--import', pathToFileURL(REGISTER).href, '-e', `await import(${JSON.stringify(pathToFileURL(path.join(DIST, inkChunk!)).href)})`, '--input-type=module'], {
      env: { ...process.env, MW_TRACE_FILE: trace },
      encoding: 'utf8',
    });
    expect(res.status, res.stderr).toBe(0);
    const files = readFileSync(trace, 'utf8').split('\n').filter(Boolean).map((u) => fileURLToPath(u));
    // Ink itself may sit in a shared chunk (the run UI and the audit view both import it) that the entry chunk loads.
    expect(files.filter(hasUi).length).toBeGreaterThan(0);
  });

  it('the trace sees the chunks a command loads', () => {
    const { code, files } = loadedBy(['status', '--cwd', project]);
    expect(code).toBe(0);
    expect(files.map((f) => path.basename(f))).toContain('cli.js');
    expect(files.length).toBeGreaterThan(1);
  });

  it('--version loads cli.js alone', () => {
    const { code, files } = loadedBy(['--version']);
    expect(code).toBe(0);
    expect(files.map((f) => path.basename(f))).toEqual(['cli.js']);
  });

  // In order: a run leaves saved state, so status/verify/rollback have something to read.
  const cases: [string, string[], number][] = [
    ['plan --json', ['plan', '--json', '--playbook', 'example'], 2],
    ['run --json --yes', ['run', '--json', '--yes', '--playbook', 'example'], 0],
    ['status', ['status'], 0],
    ['status --json', ['status', '--json'], 0],
    ['verify --json', ['verify', '--json', '--playbook', 'example'], 0],
    ['rollback --json --yes', ['rollback', '--json', '--yes', '--playbook', 'example'], 0],
    ['run --yes (plain, no TTY)', ['--yes', '--playbook', 'example'], 0],
    ['a usage error with --json', ['--json', '--no-such-flag'], 64],
    ['audit (Markdown to a pipe)', ['audit'], 0],
    ['audit --json', ['audit', '--json'], 0],
  ];
  it.each(cases)('%s', (_name, args, exit) => {
    const { code, files } = loadedBy([...args, '--cwd', project]);
    expect(code, 'the command did not end as expected').toBe(exit);
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter(hasUi).map((f) => path.basename(f))).toEqual([]);
  });
});

describe('start-up weight: what a run does not need is not loaded', () => {
  const markerIn = (files: string[], marker: string) => files.filter((f) => readFileSync(f, 'utf8').includes(marker)).map((f) => path.basename(f));

  it('conf is loaded and works without ajv and semver (it needs them only for schemas and migrations)', () => {
    const { code, files } = loadedBy(['run', '--json', '--yes', '--playbook', 'example', '--cwd', project]);
    expect(code).toBe(0);
    expect(markerIn(files, '// node_modules/conf/').length).toBeGreaterThan(0);
    expect(markerIn(files, '// node_modules/ajv/')).toEqual([]);
    expect(markerIn(files, '// node_modules/semver/')).toEqual([]);
    const state = JSON.parse(readFileSync(path.join(project, '.migrate-wizard', 'state.json'), 'utf8'));
    expect(state.playbook).toBe('example');
  });

  it('execa is loaded only by a command that starts a process', () => {
    const plan = loadedBy(['plan', '--json', '--playbook', 'example', '--cwd', project]);
    expect(markerIn(plan.files, '// node_modules/execa/')).toEqual([]);
    const chunks = readdirSync(DIST).filter((f) => f.endsWith('.js')).map((f) => path.join(DIST, f));
    expect(markerIn(chunks, '// node_modules/execa/').length, 'execa is in the bundle (so the check above is not vacuous)').toBeGreaterThan(0);
  });
});

describe('start-up weight: zod', () => {
  it('a run of a precompiled playbook never loads zod; plan of a playbook folder does', () => {
    const run = loadedBy(['run', '--json', '--yes', '--playbook', 'example', '--cwd', project]);
    expect(run.code).toBe(0);
    const zodIn = (files: string[]) => files.filter((f) => readFileSync(f, 'utf8').includes('// node_modules/zod/'));
    expect(zodIn(run.files).map((f) => path.basename(f))).toEqual([]);
    const folder = loadedBy(['plan', '--json', '--playbook', path.join(REPO, 'phases', 'example'), '--cwd', project]);
    expect(zodIn(folder.files).length, 'a playbook given as a folder is validated, with zod').toBeGreaterThan(0);
  });
});
