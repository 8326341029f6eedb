// Log flood through the Ink reporter vs the same command piped to `cat`.
//
//   node bench/ink-log-stream.mjs [--runs 5] [--lines 200000]
//
// - cat:      /usr/bin/time -v sh -c 'CMD | cat > /dev/null'
// - reporter: /usr/bin/time -v node bench/ink-log-stream.mjs --child: a process that has already
//   loaded the bundled reporter (src/reporters/ink, built here with esbuild, as the CLI bundle
//   does) spawns CMD, splits its stdout into lines and feeds each one as a `log` event, between
//   step-start/action-start and action-end/step-end/done, then awaits close(). The reporter renders
//   to a pseudo-terminal stream (80×24, isTTY) that counts bytes and frames. Timed from spawn to
//   close() resolved, i.e. what the step costs with the UI on; Ink's load time is excluded (the
//   first-frame benchmark covers start-up).
// - Peak RSS of each whole process from /usr/bin/time -v ("Maximum resident set size").
// Prints a Markdown table row for bench/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const LINES = Number(opt('lines', '200000'));
// --null: the same child with no reporter at all (spawn, split lines, build events): the floor.
const NULL_UI = args.includes('--null');
const RUNS = Number(opt('runs', '5'));
// A command that prints LINES lines of ~60 characters, as a build or test log does.
const CMD = [
  process.execPath,
  '-e',
  `const n=${LINES};let s='';for(let i=0;i<n;i++){s+='step output line '+i+' lorem ipsum dolor sit amet consectetur\\n';if(s.length>65536){process.stdout.write(s);s=''}}process.stdout.write(s)`,
];
const shellQuote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;
const bundleDir = path.join(root, 'bench', '.tmp', 'ink-reporter');
const bundlePath = path.join(bundleDir, 'index.js');

if (args.includes('--child')) await child();
else await parent();

async function parent() {
  mkdirSync(bundleDir, { recursive: true });
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(root, 'src/reporters/ink/index.ts')],
    outdir: bundleDir,
    // Splitting, as the CLI build does: Ink's optional devtools import stays a lazy chunk.
    splitting: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    // As the CLI bundle should ship: React's production build (the development build is several
    // times slower per render; it is chosen at run time from NODE_ENV unless defined here).
    define: { 'process.env.NODE_ENV': JSON.stringify(process.env.BENCH_NODE_ENV ?? 'production') },
    external: ['react-devtools-core'],
    banner: {
      js: "import { createRequire as __mwCreateRequire } from 'node:module'; const require = __mwCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });

  const cat = [];
  const rep = [];
  const nul = [];
  const child = (extra) => [process.execPath, fileURLToPath(import.meta.url), '--child', '--lines', String(LINES), ...extra];
  for (let r = 0; r < RUNS; r++) {
    // Rotate the order so a load spike on the shared machine does not favour one side.
    const order = [['cat', 'rep', 'nul'], ['rep', 'nul', 'cat'], ['nul', 'cat', 'rep']][r % 3];
    for (const which of order) {
      if (which === 'cat') cat.push(timeV(['sh', '-c', `${CMD.map(shellQuote).join(' ')} | cat > /dev/null`]));
      else if (which === 'rep') rep.push(timeV(child([]), true));
      else nul.push(timeV(child(['--null']), true));
    }
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const catMs = med(cat.map((x) => x.wallMs));
  const repMs = med(rep.map((x) => x.stepMs));
  // The reporter process's own peak (process.resourceUsage, self only); /usr/bin/time's figure
  // is the largest of the process tree, which includes the producing command.
  const repRss = Math.max(...rep.map((x) => x.selfRssKb)) / 1024;
  const treeRss = Math.max(...rep.map((x) => x.rssKb)) / 1024;
  const catRss = Math.max(...cat.map((x) => x.rssKb)) / 1024;
  const nulMs = med(nul.map((x) => x.stepMs));
  const frames = med(rep.map((x) => x.frames));
  const load = os.loadavg()[0].toFixed(1);
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  console.log(`cat runs (ms):      ${cat.map((x) => x.wallMs.toFixed(0)).join(', ')}`);
  console.log(`reporter runs (ms): ${rep.map((x) => x.stepMs.toFixed(0)).join(', ')}  (whole process: ${rep.map((x) => x.wallMs.toFixed(0)).join(', ')})`);
  console.log(`no-UI floor (ms):   ${nul.map((x) => x.stepMs.toFixed(0)).join(', ')}`);
  console.log(`CPU of the step in the reporter process (ms): reporter ${rep.map((x) => x.cpuMs.toFixed(0)).join(', ')}; no-UI ${nul.map((x) => x.cpuMs.toFixed(0)).join(', ')}`);
  console.log(`reporter writes: ${rep.map((x) => x.frames).join(', ')}; bytes: ${rep.map((x) => x.bytes).join(', ')}`);
  console.log(`peak RSS: reporter process ${repRss.toFixed(0)} MB (tree incl. the command ${treeRss.toFixed(0)} MB); cat pipeline tree ${catRss.toFixed(0)} MB`);
  console.log('');
  console.log('| when (UTC) | lines | runs | `cat` median | no-UI floor median | reporter median | ratio (reporter / cat) | reporter peak RSS | target |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const ratio = repMs / catMs;
  console.log(
    `| ${when} (load avg ≈ ${load} on ${os.cpus().length} cores) | ${LINES.toLocaleString('en-US')} | ${RUNS} | ${catMs.toFixed(0)} ms | ${nulMs.toFixed(0)} ms | ${repMs.toFixed(0)} ms | **${ratio.toFixed(2)}×** | ${repRss.toFixed(0)} MB | ${ratio <= 1.5 && repRss <= 150 ? 'ok' : 'MISSED'} (≤ 1.5×, ≤ 150 MB) |`,
  );
}

/** Run argv under /usr/bin/time -v; wall time, peak RSS, and the child's JSON line if asked. */
function timeV(argv, json = false) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', ...argv], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const out = json ? JSON.parse(r.stdout.trim().split('\n').at(-1)) : {};
  return { wallMs, rssKb, ...out };
}

async function child() {
  const { createInkReporter } = NULL_UI ? {} : await import(pathToFileURL(bundlePath).href);

  // A terminal that swallows output: counts what Ink would have drawn.
  class PseudoTerminal extends EventEmitter {
    isTTY = true;
    columns = 80;
    rows = 24;
    bytes = 0;
    frames = 0;
    write(chunk) {
      this.bytes += chunk.length;
      this.frames++;
      return true;
    }
  }
  class PseudoInput extends EventEmitter {
    isTTY = true;
    read() {
      return null;
    }
    setEncoding() {}
    setRawMode() {}
    resume() {}
    pause() {}
    ref() {}
    unref() {}
  }
  const term = new PseudoTerminal();
  const ui = NULL_UI
    ? { onEvent() {}, async close() {} }
    : createInkReporter({
        stderr: term,
        stdin: new PseudoInput(),
        projectName: 'bench',
        logDir: '/tmp/bench/.migrate-wizard/logs',
        onInterrupt() {},
        noColor: false,
      });
  const phases = [
    {
      id: 'p1',
      title: 'Phase 1',
      steps: [{ id: 'flood', title: 'Run a chatty command', risk: 'low', priority: 'low', why: '', status: 'pending' }],
    },
  ];
  ui.onEvent({ type: 'run-start', command: 'run', playbook: 'bench', projectRoot: '/tmp/bench', phases });
  await new Promise((r) => setTimeout(r, 100)); // first frame drawn before timing starts
  const framesBefore = term.frames;

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  ui.onEvent({ type: 'step-start', phaseId: 'p1', stepId: 'flood', title: 'Run a chatty command' });
  ui.onEvent({ type: 'action-start', stepId: 'flood', index: 0, actionType: 'run', summary: 'run: node -e …' });
  let count = 0;
  await new Promise((resolve, reject) => {
    const p = spawn(CMD[0], CMD.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let rest = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk) => {
      const text = rest + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        ui.onEvent({ type: 'log', level: 'info', stream: 'stdout', stepId: 'flood', line: text.slice(start, nl) });
        count++;
        start = nl + 1;
      }
      rest = text.slice(start);
    });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
  ui.onEvent({ type: 'action-end', stepId: 'flood', index: 0, actionType: 'run', status: 'done', changes: [] });
  ui.onEvent({ type: 'step-end', phaseId: 'p1', stepId: 'flood', status: 'passed', changes: [] });
  ui.onEvent({
    type: 'done',
    status: 'ok',
    exitCode: 0,
    summary: { created: [], modified: [], renamed: [], skipped: [], failed: [], next: [] },
  });
  await ui.close();
  const stepMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (count !== LINES) throw new Error(`saw ${count} lines, expected ${LINES}`);
  const selfRssKb = process.resourceUsage().maxRSS;
  console.log(JSON.stringify({ stepMs, frames: term.frames - framesBefore, bytes: term.bytes, lines: count, selfRssKb, cpuMs }));
}
