import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/engine/errors.js';
import { phaseJsonSchema } from '../../src/engine/playbook/schema.js';
import { REPO, runCli } from '../helpers/cli.js';

/** The README documents the CLI; these fail when the two drift apart. */
const README = readFileSync(path.join(REPO, 'README.md'), 'utf8');
const PLACEHOLDER = 'TODO: describe in one line';

function block(kind: 'actions' | 'checks'): string[] {
  const m = new RegExp(`<!-- types:${kind} -->\\n([\\s\\S]*?)<!-- /types:${kind} -->`).exec(README);
  expect(m, `README.md has no <!-- types:${kind} --> block`).not.toBeNull();
  return m![1].split('\n').filter(Boolean);
}

/** The lines scripts/list-types.mjs would write, with the README's own descriptions. */
function expectedLines(kind: 'actions' | 'checks', current: string[]): string[] {
  const descriptions = new Map(current.map((l) => /^- `([^`]+)` (?:\(.*?\) )?— (.+)$/.exec(l)).filter(Boolean).map((m) => [m![1], m![2]]));
  const step = (phaseJsonSchema() as any).properties.steps.items.properties;
  const union = step[kind].items;
  return (union.oneOf ?? union.anyOf).map((o: any) => {
    const type = o.properties.type.const as string;
    const required = new Set<string>(o.required ?? []);
    const fields = Object.keys(o.properties)
      .filter((k) => k !== 'type')
      .map((k) => (required.has(k) ? k : `${k}?`));
    return `- \`${type}\` (${fields.join(', ')}) — ${descriptions.get(type) ?? o.description ?? PLACEHOLDER}`;
  });
}

describe('README.md', () => {
  it('opens with the demo command and the test command', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(README)![1];
    expect(README.indexOf('```sh')).toBeLessThan(README.indexOf('\n## '));
    expect(firstBlock).toMatch(/^npm ci && npm run demo\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
    expect(readFileSync(path.join(REPO, '.ci', 'run'), 'utf8')).toMatch(/\bnpm test\b/);
  });

  it('shows `--help` as the CLI prints it', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    const fromCli = help.stdout.slice(help.stdout.indexOf('Usage:'), help.stdout.indexOf('\nExit codes:')).trimEnd();
    const m = /```\n(Usage: migrate-wizard[\s\S]*?)\n```/.exec(README);
    expect(m, 'README has no ``` block starting with "Usage: migrate-wizard"').not.toBeNull();
    expect(m![1].trimEnd(), 'README "Commands and flags" differs from `node dist/cli.js --help`: copy it over').toBe(fromCli);
  });

  it('has a row for every exit code', () => {
    for (const code of Object.values(ExitCode)) expect(README).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });

  it.each(['actions', 'checks'] as const)('lists every registered %s type with its fields and a description', (kind) => {
    const current = block(kind);
    const hint = 'run `npm run schema` (it rewrites the type lists), then describe any new type in one line';
    expect(current, hint).toEqual(expectedLines(kind, current));
    expect(current.filter((l) => l.includes(PLACEHOLDER)), `describe these in README.md: ${hint}`).toEqual([]);
  });
});
