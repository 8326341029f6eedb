#!/usr/bin/env node
// Start-up cost of the CLI against bare Node, measured in the same run with hyperfine:
//   node -e ''  vs  node dist/cli.js --version  vs  node dist/cli.js status --cwd <project with saved state>
// Targets: --version ≤ 1.3 × node -e '', status ≤ 2 ×.
//
//   node bench/startup.mjs [--rounds 6] [--runs 10] [--write]
//
// Needs hyperfine (Debian: apt-get install hyperfine). Builds dist/ first. The machine is shared,
// so the three commands are measured in alternating rounds and the times pooled: a burst of load
// then hits all three instead of one. Ratios are of medians. --write adds a row to the
// "Start-up" section of bench/README.md (other sections are left as they are).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('--rounds', 6);
const runs = arg('--runs', 10);
const write = process.argv.includes('--write');

if (spawnSync('hyperfine', ['--version']).status !== 0) {
  console.error('bench/startup: hyperfine is not installed (Debian/Ubuntu: apt-get install hyperfine)');
  process.exit(1);
}

execFileSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const cli = path.join(repo, 'dist', 'cli.js');

// A project with saved state: the example playbook run to the end on a copy of a fixture.
const work = mkdtempSync(path.join(os.tmpdir(), 'mw-bench-startup-'));
const project = path.join(work, 'project');
cpSync(path.join(repo, 'tests', 'fixtures', 'crash', 'project'), project, { recursive: true });
execFileSync(process.execPath, [cli, '--cwd', project, '--playbook', 'example', '--yes', '--plain'], {
  stdio: 'ignore',
  env: { ...process.env, CI: '1' },
});

const commands = {
  node: `node -e ''`,
  version: `node ${cli} --version`,
  status: `node ${cli} status --cwd ${project}`,
};
const times = { node: [], version: [], status: [], user: { node: [], version: [], status: [] } };
const load = [];

for (let r = 0; r < rounds; r++) {
  load.push(os.loadavg()[0]);
  const out = path.join(work, `round-${r}.json`);
  // -N: no intermediate shell, so the shell's own start-up is not in the figures.
  execFileSync('hyperfine', ['-N', '--warmup', '3', '--runs', String(runs), '--export-json', out, '--style', 'none', ...Object.values(commands)], {
    stdio: ['ignore', 'ignore', 'pipe'], // its outlier warnings are expected on a shared machine
  });
  const results = JSON.parse(readFileSync(out, 'utf8')).results;
  Object.keys(commands).forEach((key, i) => {
    times[key].push(...results[i].times);
    // hyperfine reports CPU time as a mean per command and round.
    times.user[key].push(results[i].user + results[i].system);
  });
}
rmSync(work, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
const med = Object.fromEntries(Object.keys(commands).map((k) => [k, median(times[k])]));
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cpu = Object.fromEntries(Object.keys(commands).map((k) => [k, mean(times.user[k])]));
const ratio = { version: med.version / med.node, status: med.status / med.node };
const cpuRatio = { version: cpu.version / cpu.node, status: cpu.status / cpu.node };
const verdict = (r, target) => (r <= target ? 'ok' : 'over');
const loadAvg = mean(load).toFixed(1);
const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const n = rounds * runs;

const row =
  `| ${when} (load ≈ ${loadAvg}) | ${process.version} | ${n} | ${ms(med.node)} | ${ms(med.version)} | ${ms(med.status)} ` +
  `| **${ratio.version.toFixed(2)}×** ${verdict(ratio.version, 1.3)} | **${ratio.status.toFixed(2)}×** ${verdict(ratio.status, 2)} ` +
  `| ${cpuRatio.version.toFixed(2)}× / ${cpuRatio.status.toFixed(2)}× |`;

console.log(`node -e ''        median ${ms(med.node)}   (user+sys ${ms(cpu.node)})`);
console.log(`--version         median ${ms(med.version)}   (user+sys ${ms(cpu.version)})   ratio ${ratio.version.toFixed(2)}× (target ≤ 1.3×: ${verdict(ratio.version, 1.3)})`);
console.log(`status            median ${ms(med.status)}   (user+sys ${ms(cpu.status)})   ratio ${ratio.status.toFixed(2)}× (target ≤ 2×: ${verdict(ratio.status, 2)})`);
console.log(row);

if (write) {
  const readme = path.join(repo, 'bench', 'README.md');
  const HEADING = '## Start-up';
  const header = [
    HEADING,
    '',
    '`node bench/startup.mjs --write` — needs hyperfine. `node -e \'\'`, `node dist/cli.js --version` and',
    '`node dist/cli.js status --cwd <project with saved state>`, measured together in alternating',
    'hyperfine rounds (`-N`, no shell; 3 warm-up runs a round) and pooled. Ratios are of medians',
    'against `node -e \'\'`; the last column is the same ratio for CPU time (user+sys), which load',
    'on the shared machine disturbs less (mean user+sys). Targets: --version ≤ **1.3×**, status ≤ **2×**.',
    '',
    '| when (UTC) | node | runs each | node -e \'\' | --version | status | --version ratio | status ratio | CPU ratios (version / status) |',
    '|---|---|---|---|---|---|---|---|---|',
  ].join('\n');
  // Re-read just before writing: other benchmarks append their own sections to this file.
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(`\n${HEADING}\n`);
  let next;
  if (start < 0) {
    next = `${text.replace(/\n*$/, '\n')}\n${header}\n${row}\n`;
  } else {
    // Add the row after the last table row of our section (the section ends at the next "## ").
    const end = text.indexOf('\n## ', start + 1);
    const section = end < 0 ? text.slice(start) : text.slice(start, end);
    const lines = section.split('\n');
    let last = -1;
    lines.forEach((l, i) => {
      if (l.startsWith('|')) last = i;
    });
    lines.splice(last + 1, 0, row);
    next = text.slice(0, start) + lines.join('\n') + (end < 0 ? '' : text.slice(end));
  }
  const tmp = `${readme}.${process.pid}.tmp`;
  writeFileSync(tmp, next);
  execFileSync('mv', [tmp, readme]);
  console.log('bench/README.md: row added under "Start-up"');
}
