import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actionTypes } from '../../../src/actions/index.js';
import { checkTypes } from '../../../src/checks/index.js';

/** A minimal valid spec for each generic type, to exercise describe() and the schemas. */
const samples: Record<string, Record<string, unknown>> = {
  'file.copy': { from: 'a', to: 'b' },
  'file.append-lines': { path: '.gitignore', lines: ['.env.dev'] },
  backup: { paths: ['.env'] },
  run: { argv: ['make', 'test'] },
  manual: { items: ['Team knows'] },
  'file.absent': { path: '.env' },
  'file.hash-equals': { path: 'f', sha256: 'a'.repeat(64) },
  'yaml.valid': { path: 'c.yml' },
  command: { argv: ['make', '-n', 'all'], exit: 0 },
  tcp: { port: 8080, expect: 'free' },
  http: { url: 'http://127.0.0.1:8000/' },
};

const all = [...actionTypes, ...checkTypes];

describe('generic action and check types', () => {
  for (const [type, fields] of Object.entries(samples)) {
    it(`${type}: registered, strict, documented for editors, with a one-line describe()`, () => {
      const def = all.find((d) => d.type === type);
      expect(def, `${type} is registered`).toBeDefined();
      const spec = def!.schema.parse({ type, ...fields });
      const line = def!.describe(spec);
      expect(line.length).toBeGreaterThan(0);
      expect(line).not.toContain('\n');
      expect(def!.schema.safeParse({ type, ...fields, surprise: 1 }).success).toBe(false);
      const json = z.toJSONSchema(def!.schema) as {
        properties: Record<string, { description?: string; const?: string }>;
      };
      expect(json.properties.type.const).toBe(type);
      for (const [name, prop] of Object.entries(json.properties)) {
        if (name !== 'type') expect(prop.description, `${type}.${name} has a description`).toBeTruthy();
      }
    });
  }
});
