#!/usr/bin/env node
// Phase 1 steps 1-5 plus their static checks, non-interactive, on the largest corpus project
// (getsentry/self-hosted, 59 services), against `node -e ''` in the same hyperfine run.
// The user's compose CLI is kept off PATH so `config -q` (a Python start-up per file with
// docker-compose v1) is not counted: it is the user's tool, not ours.
// A third command, the floor, shows how much of the budget the YAML library alone takes.
// Usage: node bench/phase1-static.mjs [--runs N] [--write]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 10;
const corpus = path.resolve(repo, '..', 'shared', 'corpus', 'compose', 'getsentry__self-hosted');
const work = mkdtempSync(path.join(os.tmpdir(), 'mw-bench-p1-'));
const seed = path.join(work, 'seed');
const project = path.join(work, 'sentry');
cpSync(corpus, seed, { recursive: true });
writeFileSync(path.join(seed, '.env'), 'SENTRY_BIND=9000\nCOMPOSE_PROFILES=feature-complete\nSENTRY_SECRET_KEY=bench-not-a-secret-0123456789\n');
writeFileSync(path.join(seed, 'Makefile'), 'test:\n\t@echo tests\n');

// A PATH with make and node but no compose CLI.
const bin = path.join(work, 'bin');
mkdirSync(bin);
for (const tool of ['make', 'sh', 'rm', 'cp']) symlinkSync(execFileSync('which', [tool], { encoding: 'utf8' }).trim(), path.join(bin, tool));
symlinkSync(process.execPath, path.join(bin, 'node'));

execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'inherit' });
process.on('exit', () => process.argv.includes('--keep') && console.log('kept', work));
const cli = path.join(repo, 'dist', 'cli.js');

// The corpus holds only the compose file: create the bind-mounted files it expects (the
// bind-sources check rightly fails without them), so every step runs to the end.
for (let i = 0; i < 30; i++) {
  const trial = path.join(work, 'trial');
  rmSync(trial, { recursive: true, force: true });
  cpSync(seed, trial, { recursive: true });
  const r = spawnSync('node', [cli, '--cwd', trial, '--yes', '--plain', '--to', 'makefile', '--set', 'projectName=sentry'], { encoding: 'utf8', env: { ...process.env, PATH: bin, CI: '1' } });
  if (r.status === 0) break;
  const missing = [...r.stderr.matchAll(/bind mount source \.\/(\S+) \(/g)].map((m) => m[1]);
  if (missing.length === 0) throw new Error(`the wizard failed for another reason:\n${r.stderr.slice(-2000)}`);
  for (const rel of missing) {
    mkdirSync(path.dirname(path.join(seed, rel)), { recursive: true });
    writeFileSync(path.join(seed, rel), '');
  }
}
// The floor: what any tool doing this job with the mandated YAML library must do at least —
// start node, load yaml (bundled, as ours is), and parse + resolve (merge keys) the input file
// and the generated test file. Nothing of ours runs in it.
const trialOutput = path.join(work, 'trial', 'docker-compose.test.yml');
const floorSrc = path.join(work, 'floor-src.mjs');
writeFileSync(
  floorSrc,
  `import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
for (const file of process.argv.slice(2)) {
  const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true, merge: true, lineCounter: new LineCounter() });
  if (doc.errors.length > 0) throw doc.errors[0];
  doc.toJS({ maxAliasCount: -1 });
}
`,
);
const floor = path.join(work, 'floor.mjs');
const { build } = await import(path.join(repo, 'node_modules', 'esbuild', 'lib', 'main.js'));
await build({ entryPoints: [floorSrc], outfile: floor, bundle: true, format: 'esm', platform: 'node', target: 'node20', nodePaths: [path.join(repo, 'node_modules')], logLevel: 'warning',
  // As in scripts/build.mjs: bundled CommonJS calls require().
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
const floorCommand = `node ${floor} ${path.join(seed, 'docker-compose.yml')} ${trialOutput}`;
const wizard = `node ${cli} --cwd ${project} --yes --plain --to makefile --set projectName=sentry`;
const exportFile = path.join(work, 'hyperfine.json');
const hyperfine = execFileSync('which', ['hyperfine'], { encoding: 'utf8' }).trim();
execFileSync(
  hyperfine,
  ['-N', '--warmup', '2', '--runs', String(runs), '--export-json', exportFile, '--prepare', `sh -c 'rm -rf ${project}; cp -a ${seed} ${project}'`, "node -e ''", floorCommand, wizard],
  { stdio: 'inherit', env: { ...process.env, PATH: bin, CI: '1' } },
);
const [baseline, floorRun, ours] = JSON.parse(readFileSync(exportFile, 'utf8')).results;
const ratio = ours.median / baseline.median;
const floorRatio = floorRun.median / baseline.median;
const load = os.loadavg()[0].toFixed(1);
const ms = (r) => `${(r.median * 1000).toFixed(0)} ms`;
const row = `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} (load ${load}) | ${runs} | ${ms(baseline)} | ${ms(floorRun)} (${floorRatio.toFixed(2)}×) | ${ms(ours)} | **${ratio.toFixed(2)}×** | ${ratio <= 3 ? 'ok' : 'over'} |`;
console.log(row);
if (process.argv.includes('--write')) {
  // Under this benchmark's own table (the first one after its heading), not at the end of the file.
  const file = path.join(repo, 'bench', 'README.md');
  const lines = readFileSync(file, 'utf8').split('\n');
  const heading = lines.findIndex((l) => l.startsWith('## Phase 1 static steps'));
  let at = lines.findIndex((l, i) => i > heading && l.startsWith('| when (UTC)'));
  while (lines[at + 1]?.startsWith('|')) at++;
  lines.splice(at + 1, 0, row);
  writeFileSync(file, lines.join('\n'));
}
if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
