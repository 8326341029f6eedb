import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionTypeNames, checkTypeNames, phaseJsonSchema } from '../../src/engine/playbook/schema.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCHEMA_FILE = path.join(REPO, 'phases', 'schema.json');
const HINT = 'phases/schema.json is out of date with the action/check registries: run `npm run schema` and commit the result';

/** The `type` constants a discriminated union in the schema accepts. */
function typesIn(union: unknown): string[] {
  const options = (union as { oneOf?: unknown[]; anyOf?: unknown[] }).oneOf ?? (union as { anyOf?: unknown[] }).anyOf ?? [];
  return options.map((o) => (o as { properties: { type: { const: string } } }).properties.type.const);
}

describe('phases/schema.json', () => {
  const committed = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  const generated = phaseJsonSchema();

  it('is what the code generates (no drift)', () => {
    // A plain deep-equal would print a 30 kB diff; say what to do first.
    if (JSON.stringify(committed) !== JSON.stringify(generated)) {
      expect.fail(`${HINT}\n(first difference: ${firstDifference(committed, generated)})`);
    }
  });

  it('spells out every registered action and check type', () => {
    const step = (committed.properties as any).steps.items;
    expect(typesIn(step.properties.actions.items), HINT).toEqual(actionTypeNames());
    expect(typesIn(step.properties.checks.items), HINT).toEqual(checkTypeNames());
  });

  it('is written the way `migrate-wizard schema` prints it (2-space JSON, trailing newline)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8'), HINT).toBe(JSON.stringify(committed, null, 2) + '\n');
  });
});

/** A JSON path to the first place two values differ, to point at the stale part. */
function firstDifference(a: unknown, b: unknown, at = '$'): string {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null || typeof a !== 'object') {
    return JSON.stringify(a) === JSON.stringify(b) ? '' : `${at}: file has ${short(a)}, code gives ${short(b)}`;
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d) return d;
  }
  return '';
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'nothing';
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
