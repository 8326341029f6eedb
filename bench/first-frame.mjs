#!/usr/bin/env node
// Time from launch to the first frame of the Ink UI, against `node -e ''`, in the same run.
// Target: first frame ≤ 3 × node -e ''.
//
//   node bench/first-frame.mjs [--runs 20] [--write] [--compare other-build/dist/cli.js]
//
// The CLI runs on a pseudo-terminal (`script -qfc`, util-linux), so it takes the interactive path
// as in a person's terminal (CI unset): stdin and stderr are TTYs, Ink is loaded and renders.
// "First frame" is the moment the pty has shown the first Ink output that contains text (the
// "migrate-wizard · shop · starting…" line); the time of its very first byte is kept too. The
// process is then killed (its project copy, with any state it wrote, is thrown away).
// Baselines, measured in the same rounds with the order rotating:
//   - `node -e ''` under the same `script -qfc` wrapper, until it exits (same pty and shell cost);
//   - bare `node -e ''` spawned directly, until it exits (stricter: the wrapper counts against the CLI).
// Each run gets a fresh copy of demo/parallel-envs (no engine needed: nothing runs past the start
// screen). Builds dist/ first. --write adds a row to the "First frame" section of bench/README.md
// (created at the end if missing; other sections are left as they are).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('--runs', 20);
const write = process.argv.includes('--write');

if (spawnSync('script', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.error('bench/first-frame: `script` (util-linux) is not installed');
  process.exit(1);
}
execFileSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const cli = path.join(repo, 'dist', 'cli.js');
// --compare PATH: another build's cli.js (a scratch change), timed in the same rounds; not written.
const compareAt = process.argv.indexOf('--compare');
const other = compareAt > 0 ? path.resolve(process.argv[compareAt + 1]) : undefined;
const node = process.execPath;
// The floor: node loading the Ink chunk of the bundle (Ink, React, yoga) and nothing else.
const inkChunk = readdirSync(path.join(repo, 'dist')).find((f) => /^ink-[A-Z0-9]+\.js$/.test(f));
const work = mkdtempSync(path.join(os.tmpdir(), 'mw-bench-first-frame-'));
const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Run `command` on a pty; resolve with ms to its first output byte, and to `until` (text) or exit. */
function onPty(command, until) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.CI;
    // A 100×40 terminal, as a person would have; `exec` so the shell is not in the way.
    const shell = `stty cols 100 rows 40 2>/dev/null; exec ${command}`;
    const t0 = performance.now();
    const child = spawn('script', ['-qfc', shell, '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'], detached: true, env });
    let firstByte;
    let seen = '';
    let done;
    const finish = (ms) => {
      if (done !== undefined) return;
      done = ms;
      if (until) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone already */
        }
      }
    };
    child.stdout.on('data', (chunk) => {
      const now = performance.now() - t0;
      firstByte ??= now;
      if (!until) return;
      seen += chunk.toString('utf8');
      if (seen.includes(until)) finish(now);
    });
    child.on('error', reject);
    child.on('close', () => {
      const end = performance.now() - t0;
      if (until && done === undefined) return reject(new Error(`no "${until}" on the pty; it showed:\n${seen.slice(-2000)}`));
      resolve({ firstByte: firstByte ?? end, frame: until ? done : end });
    });
  });
}

function bare() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, ['-e', ''], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - t0));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const times = { cliFrame: [], cliFirstByte: [], nodePty: [], nodeBare: [], inkFloor: [], otherFrame: [] };
const load = [];
const measures = [
  async (i) => {
    const project = path.join(work, `run-${i}`, 'shop');
    cpSync(path.join(repo, 'demo', 'parallel-envs'), project, { recursive: true });
    const r = await onPty(`${q(node)} ${q(cli)} --cwd ${q(project)}`, 'migrate-wizard');
    times.cliFrame.push(r.frame);
    times.cliFirstByte.push(r.firstByte);
    rmSync(path.dirname(project), { recursive: true, force: true });
  },
  async () => times.nodePty.push((await onPty(`${q(node)} -e ''`)).frame),
  async () => times.nodeBare.push(await bare()),
  async () => {
    const load = `await import(${JSON.stringify(path.join(repo, 'dist', inkChunk))})`;
    times.inkFloor.push((await onPty(`${q(node)} --input-type=module -e ${q(load)}`)).frame);
  },
  ...(other
    ? [
        async (i) => {
          const project = path.join(work, `other-${i}`, 'shop');
          cpSync(path.join(repo, 'demo', 'parallel-envs'), project, { recursive: true });
          times.otherFrame.push((await onPty(`${q(node)} ${q(other)} --cwd ${q(project)}`, 'migrate-wizard')).frame);
          rmSync(path.dirname(project), { recursive: true, force: true });
        },
      ]
    : []),
];

// Two warm-up rounds (page cache, JIT of nothing: node's own start-up), not counted.
for (let i = 0; i < 2; i++) {
  await measures[0](`warm${i}`);
  await onPty(`${q(node)} -e ''`);
}
times.cliFrame.length = times.cliFirstByte.length = 0;
for (let i = 0; i < runs; i++) {
  load.push(os.loadavg()[0]);
  for (let k = 0; k < measures.length; k++) await measures[(i + k) % measures.length](i);
}
rmSync(work, { recursive: true, force: true });

const m = Object.fromEntries(Object.entries(times).filter(([, v]) => v.length > 0).map(([k, v]) => [k, median(v)]));
const ratio = m.cliFrame / m.nodePty;
const strict = m.cliFrame / m.nodeBare;
const avgLoad = load.reduce((a, b) => a + b, 0) / load.length;
const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const ms = (x) => `${Math.round(x)} ms`;
const row = `| ${when} (load avg ≈ ${avgLoad.toFixed(1)} on ${os.cpus().length} cores) | ${process.version} | ${runs} | ${ms(m.nodeBare)} | ${ms(m.nodePty)} | ${ms(m.inkFloor)} (${(m.inkFloor / m.nodePty).toFixed(2)}×) | ${ms(m.cliFirstByte)} | ${ms(m.cliFrame)} | **${ratio.toFixed(2)}×** | ${strict.toFixed(2)}× | ${ratio <= 3 ? 'ok' : 'MISSED'} |`;

console.log(`first frame (median of ${runs}): ${ms(m.cliFrame)} (first byte ${ms(m.cliFirstByte)}); node -e '' on the pty ${ms(m.nodePty)}, bare ${ms(m.nodeBare)}`);
console.log(`floor: node importing only the Ink chunk (${inkChunk}) ${ms(m.inkFloor)} = ${(m.inkFloor / m.nodePty).toFixed(2)}× node -e ''`);
console.log(`ratio ${ratio.toFixed(2)}× (vs bare node: ${strict.toFixed(2)}×), target ≤ 3×`);
console.log(`per-run ms — first frame: ${times.cliFrame.map(Math.round).join(', ')}; node -e '' (pty): ${times.nodePty.map(Math.round).join(', ')}`);
if (other) console.log(`compare ${other}: first frame ${ms(m.otherFrame)}, ratio ${(m.otherFrame / m.nodePty).toFixed(2)}× (vs bare ${(m.otherFrame / m.nodeBare).toFixed(2)}×); per run: ${times.otherFrame.map(Math.round).join(', ')}`);
console.log(row);

if (write) {
  const readme = path.join(repo, 'bench', 'README.md');
  let text = readFileSync(readme, 'utf8');
  const heading = '## First frame: launch to the first Ink frame vs `node -e \'\'`';
  if (!text.includes(heading)) {
    text = `${text.trimEnd()}\n\n${heading}\n\n` +
      '`node bench/first-frame.mjs [--runs 20] [--write]` — needs `script` (util-linux); no Docker needed.\n\n' +
      '- **first frame**: `node dist/cli.js --cwd <fresh copy of the demo>` on a pseudo-terminal\n' +
      '  (`script -qfc`, 100×40, CI unset, so the interactive path loads Ink), timed from spawn to the\n' +
      '  first pty output that contains text (the "starting…" line Ink draws before project detection);\n' +
      '  the first byte of output is shown too. The process is killed then.\n' +
      "- **node -e '' (pty)**: the same wrapper around `node -e ''`, until it exits; **bare**: `node -e ''`\n" +
      "  spawned directly. The ratio is first frame / node -e '' (pty), so both sides pay the wrapper;\n" +
      '  the stricter ratio against bare node is shown beside it.\n' +
      "- **Ink chunk alone**: `node -e \"await import('dist/ink-*.js')\"` on the same pty: Ink, React and\n" +
      '  yoga loaded and nothing else, the floor for any first frame drawn by Ink.\n' +
      '- Rounds rotate the order; 2 warm-up rounds. Target: ratio ≤ **3×**.\n\n' +
      "| when (UTC) | node | runs | node -e '' bare | node -e '' (pty) | Ink chunk alone (pty) | first byte | first frame | ratio | vs bare | target |\n" +
      '|---|---|---|---|---|---|---|---|---|---|---|\n';
    text += `${row}\n`;
  } else {
    // Append to the end of this section's table.
    const start = text.indexOf(heading);
    const next = text.indexOf('\n## ', start + heading.length);
    const section = text.slice(start, next < 0 ? undefined : next);
    const lines = section.split('\n');
    const last = lines.map((l, i) => (l.startsWith('|') ? i : -1)).filter((i) => i >= 0).pop();
    lines.splice(last + 1, 0, row);
    text = text.slice(0, start) + lines.join('\n') + (next < 0 ? '' : text.slice(next));
  }
  writeFileSync(readme, text);
  console.log('row added to bench/README.md');
}
