import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// ajv comes with conf (the state store); its 2020-12 build reads the draft zod emits.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadPlaybook } from '../../../src/engine/playbook/load.js';
import { FACT_NAMES } from '../../../src/facts/detect.js';

const PHASES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'phases');
const builtins = readdirSync(PHASES).filter((n) => statSync(path.join(PHASES, n)).isDirectory());

const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(JSON.parse(readFileSync(path.join(PHASES, 'schema.json'), 'utf8')));

describe('built-in playbooks', () => {
  it('exist (at least the documented example)', () => {
    expect(builtins).toContain('example');
  });

  it.each(builtins)('%s loads and validates with only the detected facts as outside variables', (name) => {
    const playbook = loadPlaybook(path.join(PHASES, name), name, { knownVariables: FACT_NAMES });
    expect(playbook.phases.length).toBeGreaterThan(0);
    for (const phase of playbook.phases) expect(phase.steps.length, `${phase.file} has no steps`).toBeGreaterThan(0);
    expect(playbook.title).not.toBe('');
  });

  // An editor using phases/schema.json must not flag a phase file the loader accepts.
  it.each(builtins)('%s: every phase file is valid under phases/schema.json', (name) => {
    const files = readdirSync(path.join(PHASES, name)).filter((f) => /\.ya?ml$/.test(f) && f !== 'playbook.yaml');
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const doc = parse(readFileSync(path.join(PHASES, name, f), 'utf8'));
      const ok = validate(doc);
      expect(ok, `phases/${name}/${f}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  // ...and the schema is not vacuous: it rejects what the loader rejects.
  it('phases/schema.json rejects an unknown action type and an unknown step key', () => {
    const step = { id: 'a', title: 'A', risk: 'low', priority: 'low', why: 'w' };
    expect(validate({ id: 'p', title: 'P', steps: [step] })).toBe(true);
    expect(validate({ id: 'p', title: 'P', steps: [{ ...step, actions: [{ type: 'file.nope', path: 'x' }] }] })).toBe(false);
    expect(validate({ id: 'p', title: 'P', steps: [{ ...step, colour: 'red' }] })).toBe(false);
    expect(validate({ id: 'p', title: 'P', steps: [{ ...step, actions: [{ type: 'file.write', path: 'x' }] }] })).toBe(false);
  });
});
