// Regenerates phases/schema.json from the built CLI (`migrate-wizard schema`).
// Run through `npm run schema`, which builds first. The file is replaced atomically and
// only when the CLI succeeded with valid JSON, so a broken build never truncates it.
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'phases', 'schema.json');

const res = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'schema'], { encoding: 'utf8' });
if (res.status !== 0) {
  process.stderr.write(`write-schema: \`migrate-wizard schema\` exited with ${res.status}\n${res.stderr}`);
  process.exit(1);
}
try {
  JSON.parse(res.stdout);
} catch (err) {
  process.stderr.write(`write-schema: the CLI printed invalid JSON (${err.message}); phases/schema.json left as it was\n`);
  process.exit(1);
}

let before = null;
try {
  before = readFileSync(target, 'utf8');
} catch {
  // First generation.
}
if (before === res.stdout) {
  process.stdout.write('phases/schema.json is up to date\n');
} else {
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, res.stdout);
  renameSync(tmp, target);
  process.stdout.write(`phases/schema.json ${before === null ? 'written' : 'updated'}\n`);
}
