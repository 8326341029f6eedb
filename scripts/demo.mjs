#!/usr/bin/env node
// `npm run demo [-- ARGS]`: copy demo/parallel-envs to a fresh temp folder (the repo stays
// clean), say where, and run the wizard there with ARGS passed through. stdio is inherited,
// so on a terminal the Ink UI shows; in a pipe the plain reporter does.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoSource, prepareDemo } from './prepare-demo.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dest = mkdtempSync(path.join(os.tmpdir(), 'migrate-wizard-demo-'));

try {
  prepareDemo(dest);
} catch (err) {
  // Without a static busybox the wizard still runs; only the live checks that build the
  // demo's FROM scratch image cannot pass.
  cpSync(demoSource, dest, { recursive: true });
  process.stderr.write(`demo: ${err.message}\ndemo: continuing without it; the live compose checks will fail\n`);
}
process.stderr.write(`demo: a copy of demo/parallel-envs is in ${dest}\n`);

const args = ['--cwd', dest, ...process.argv.slice(2)];
const child = spawn(process.execPath, [path.join(repo, 'dist', 'cli.js'), ...args], { stdio: 'inherit' });
// Ctrl+C reaches the wizard directly (same process group) and it stops cleanly; this process
// must outlive it rather than hand the terminal back while the UI is still drawing.
process.on('SIGINT', () => {});
for (const sig of ['SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('close', (code, signal) => {
  process.stderr.write(`demo: the project is left in ${dest} (try: node dist/cli.js status --cwd ${dest})\n`);
  process.exit(code ?? (signal === 'SIGINT' ? 130 : 1));
});
