import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkTypes } from '../../../src/checks/index.js';
import { contextFor, tempProject } from '../../helpers/context.js';

/** The live compose checks: registered, strict (also nested), documented for the JSON Schema. */
const target = { file: 'docker-compose.dev.yml', project: 'shop-dev', envFile: '.env.dev' };
const samples: Record<string, Record<string, unknown>> = {
  'compose.up': { ...target, timeout: 60 },
  'compose.ports-answer': target,
  'compose.run-while-serving': { dev: target, test: { ...target, project: 'shop-test' }, command: 'make test-unit' },
  'compose.down': { ...target, volumes: true },
  'compose.valid': { file: 'docker-compose.dev.yml', envFile: '.env.dev' },
};

describe('live compose check types', () => {
  for (const [type, fields] of Object.entries(samples)) {
    it(`${type}: registered, strict, documented, one-line describe()`, () => {
      const def = checkTypes.find((d) => d.type === type);
      expect(def, `${type} is registered`).toBeDefined();
      const spec = def!.schema.parse({ type, ...fields });
      const line = def!.describe(spec);
      expect(line).toMatch(/\S/);
      expect(line).not.toContain('\n');
      expect(def!.schema.safeParse({ type, ...fields, surprise: 1 }).success).toBe(false);
      const json = z.toJSONSchema(def!.schema) as { properties: Record<string, { description?: string; const?: string }> };
      expect(json.properties.type.const).toBe(type);
      for (const [name, prop] of Object.entries(json.properties)) {
        if (name !== 'type') expect(prop.description, `${type}.${name} has a description`).toBeTruthy();
      }
    });
  }

  it('accepts a project name built from {{variables}} (playbooks are validated before substitution)', () => {
    const up = checkTypes.find((d) => d.type === 'compose.up')!;
    expect(up.schema.safeParse({ type: 'compose.up', file: 'docker-compose.dev.yml', project: '{{projectName}}-dev' }).success).toBe(true);
  });

  it('fails at run time, before any engine call, when the substituted name is not a compose project name', async () => {
    const up = checkTypes.find((d) => d.type === 'compose.up')!;
    const r = await up.run({ type: 'compose.up', file: 'docker-compose.dev.yml', project: 'My.Shop-dev' }, contextFor(tempProject()));
    expect(r.status).toBe('failed');
    expect(r.message).toContain('"My.Shop-dev" is not a compose project name');
    expect(r.message).toContain('e.g. "myshop-dev"; if it comes from {{projectName}}, pass --set projectName=<valid name>');
  });

  it('rejects a project name compose would refuse, and unknown keys inside dev/test', () => {
    const up = checkTypes.find((d) => d.type === 'compose.up')!;
    expect(up.schema.safeParse({ type: 'compose.up', file: 'a.yml', project: 'Shop Dev' }).success).toBe(false);
    const par = checkTypes.find((d) => d.type === 'compose.run-while-serving')!;
    const bad = { type: 'compose.run-while-serving', dev: { ...target, port: 1 }, test: target, command: ['true'] };
    expect(par.schema.safeParse(bad).success).toBe(false);
  });
});
