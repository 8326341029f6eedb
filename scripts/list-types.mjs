#!/usr/bin/env node
// The action and check types as README lines, from the registries (via `migrate-wizard schema`,
// so dist/ must be built: `npm run schema` builds and then runs this with --write).
//
//   node scripts/list-types.mjs           print the two lists
//   node scripts/list-types.mjs --write   replace them in README.md between the
//                                         <!-- types:actions --> / <!-- types:checks --> markers
//
// Each line: - `type` (required, optional?) — description. The description is kept from the
// README's current line for that type (written by hand); a new type gets its schema description,
// or a placeholder that tests/unit/readme-types.test.ts rejects.
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const README = path.join(root, 'README.md');
export const PLACEHOLDER = 'TODO: describe in one line';

const res = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'schema'], { encoding: 'utf8' });
if (res.status !== 0) {
  process.stderr.write(`list-types: \`migrate-wizard schema\` failed (run \`npm run build\` first)\n${res.stderr}`);
  process.exit(1);
}
const step = JSON.parse(res.stdout).properties.steps.items.properties;

let readme = '';
try {
  readme = readFileSync(README, 'utf8');
} catch {
  // No README yet: every description comes from the schema or the placeholder.
}
const known = new Map();
for (const m of readme.matchAll(/^- `([^`]+)` (?:\([^\n]*?\) )?— (.+)$/gm)) known.set(m[1], m[2]);

function lines(kind) {
  const union = step[kind].items;
  return (union.oneOf ?? union.anyOf).map((o) => {
    const type = o.properties.type.const;
    const required = new Set(o.required ?? []);
    const fields = Object.keys(o.properties)
      .filter((k) => k !== 'type')
      .map((k) => (required.has(k) ? k : `${k}?`));
    const description = known.get(type) ?? o.description ?? PLACEHOLDER;
    return `- \`${type}\` (${fields.join(', ')}) — ${description}`;
  });
}

const blocks = { actions: lines('actions'), checks: lines('checks') };

if (!process.argv.includes('--write')) {
  process.stdout.write(`Actions:\n${blocks.actions.join('\n')}\n\nChecks:\n${blocks.checks.join('\n')}\n`);
  process.exit(0);
}

let next = readme;
for (const kind of ['actions', 'checks']) {
  const start = `<!-- types:${kind} -->`;
  const end = `<!-- /types:${kind} -->`;
  const a = next.indexOf(start);
  const b = next.indexOf(end);
  if (a < 0 || b < a) {
    process.stderr.write(`list-types: README.md has no ${start} … ${end} block\n`);
    process.exit(1);
  }
  next = `${next.slice(0, a + start.length)}\n${blocks[kind].join('\n')}\n${next.slice(b)}`;
}
if (next === readme) {
  process.stdout.write('README.md: type lists are up to date\n');
} else {
  const tmp = `${README}.${process.pid}.tmp`;
  writeFileSync(tmp, next);
  renameSync(tmp, README);
  process.stdout.write('README.md: type lists updated\n');
}
