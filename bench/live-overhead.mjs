#!/usr/bin/env node
// What the `compose.up` check adds over what it wraps: the raw `docker-compose up -d --build`
// plus health polling by hand, versus the same project through the check (CLI detection,
// engine probe, service list, polling, messages). Target: check ≤ 1.2 × raw.
//
//   node bench/live-overhead.mjs [--runs 5]
//
// Needs a Docker engine (scripts/start-docker.sh), a compose CLI and busybox. The demo
// project is copied to a temp dir; images are built once before timing so both sides hit
// the build cache. Each side is torn down (untimed) after every run. Runs alternate
// raw/check so load drift on a shared machine hits both.
import { build } from 'esbuild';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const POLL_MS = 250;

// The check and its helpers are TypeScript: bundle them once (bench/.tmp is git-ignored).
const out = path.join(repo, 'bench', '.tmp', 'live-overhead');
await build({
  stdin: {
    contents: `export { composeUp } from './src/checks/compose-up.ts';
      export { DiskProjectFs } from './src/engine/disk-fs.ts';
      export { detectLive, forgetLiveDetection, ensureVersion } from './src/compose/engine-cli.ts';`,
    resolveDir: repo,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: path.join(out, 'entry.mjs'),
  logLevel: 'warning',
});
const { composeUp, DiskProjectFs, detectLive, forgetLiveDetection, ensureVersion } = await import(path.join(out, 'entry.mjs'));

const live = await detectLive();
if (live.unavailable) {
  console.error(`live-overhead: ${live.unavailable}; start an engine first (scripts/start-docker.sh)`);
  process.exit(2);
}
const cliArgv = live.cli.argv;
await ensureVersion(live.cli); // for the report; outside the timed runs

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const root = mkdtempSync(path.join(os.tmpdir(), 'mw-bench-live-'));
execFileSync(process.execPath, [path.join(repo, 'scripts', 'prepare-demo.mjs'), root], { stdio: 'ignore' });
const tag = `${process.pid}`;
const composeFile = path.join(root, 'docker-compose.yml');
writeFileSync(composeFile, readFileSync(composeFile, 'utf8').replace(/container_name: (shop-\w+)/g, `container_name: $1-bench${tag}`));
writeFileSync(path.join(root, '.env'), `WEB_PORT=${await freePort()}\nDB_PORT=${await freePort()}\nDEMO_SECRET=bench\n`);
const project = `mwbench${tag}`;
const args = ['-f', 'docker-compose.yml', '-p', project, '--env-file', '.env'];

function compose(...more) {
  const [file, ...pre] = cliArgv;
  return spawnSync(file, [...pre, ...args, ...more], { cwd: root, stdio: 'ignore' });
}
const down = () => compose('down', '--remove-orphans', '-v', '-t', '5');

/** The hand-written baseline: up, then poll `docker inspect` until every container is healthy or running. */
async function raw() {
  const t0 = performance.now();
  const [file, ...pre] = cliArgv;
  await new Promise((resolve, reject) => {
    const p = spawn(file, [...pre, ...args, 'up', '-d', '--build'], { cwd: root, stdio: 'ignore' });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`up exited ${code}`))));
  });
  for (;;) {
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const states = ids.length ? execFileSync('docker', ['inspect', '--format', '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}', ...ids], { encoding: 'utf8' }).trim().split('\n') : [];
    if (states.length === 2 && states.every((s) => s === 'running healthy' || s === 'running ')) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return performance.now() - t0;
}

const ctx = {
  root,
  fs: new DiskProjectFs(root),
  vars: {},
  stepId: 'bench',
  log() {},
  output() {},
  signal: new AbortController().signal,
  prompter: { ask: async () => { throw new Error('no prompts in the benchmark'); } },
  assumeYes: true,
  now: () => new Date(),
};

async function check() {
  forgetLiveDetection(); // count CLI/engine detection in every run, as a fresh wizard process would
  const t0 = performance.now();
  const result = await composeUp.run({ type: 'compose.up', file: 'docker-compose.yml', project, envFile: '.env' }, ctx);
  const ms = performance.now() - t0;
  if (result.status !== 'passed') throw new Error(`compose.up ${result.status}: ${result.message}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = { raw: [], check: [] };
try {
  compose('build'); // warm the build cache (untimed)
  console.error(`live-overhead: ${live.cli.name} ${live.cli.version}, ${runs} runs each, demo in ${root}`);
  await raw(); // warm-up round, discarded
  down();
  for (let i = 0; i < runs; i++) {
    for (const side of i % 2 === 0 ? ['raw', 'check'] : ['check', 'raw']) {
      times[side].push(side === 'raw' ? await raw() : await check());
      down();
    }
    console.error(`  run ${i + 1}: raw ${(times.raw.at(-1) / 1000).toFixed(2)}s, check ${(times.check.at(-1) / 1000).toFixed(2)}s`);
  }
} finally {
  down();
  rmSync(root, { recursive: true, force: true });
  // The images compose built for the bench project (<project>_<service> or <project>-<service>).
  const images = ['_', '-'].flatMap((sep) =>
    execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${project}${sep}*`], { encoding: 'utf8' }).split('\n').filter(Boolean),
  );
  if (images.length > 0) spawnSync('docker', ['rmi', ...images], { stdio: 'ignore' });
}

const r = median(times.raw);
const c = median(times.check);
const ratio = c / r;
const fmt = (xs) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
console.log(`| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ${live.cli.name} ${live.cli.version} | ${runs} | ${(r / 1000).toFixed(2)} s | ${(c / 1000).toFixed(2)} s | **${ratio.toFixed(2)}×** | ${ratio <= 1.2 ? 'ok' : 'OVER'} |`);
const pairRatios = times.check.map((c, i) => c / times.raw[i]);
console.error(`raw:   ${fmt(times.raw)}\ncheck: ${fmt(times.check)}\nper-run ratios: ${pairRatios.map((x) => x.toFixed(2)).join(', ')} (median ${median(pairRatios).toFixed(2)})`);
process.exitCode = ratio <= 1.2 ? 0 : 1;
