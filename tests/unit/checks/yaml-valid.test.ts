import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { yamlValid } from '../../../src/checks/yaml-valid.js';
import { parseComposeText } from '../../../src/compose/parse.js';
import { contextFor, tempProject } from '../../helpers/context.js';

async function checkContent(content: string | Buffer) {
  const root = tempProject();
  writeFileSync(path.join(root, 'c.yml'), content);
  return yamlValid.run(yamlValid.schema.parse({ type: 'yaml.valid', path: 'c.yml' }), contextFor(root));
}

describe('yaml.valid', () => {
  it('passes a valid file, including one with CRLF and a BOM', async () => {
    expect((await checkContent('services:\n  web:\n    image: x\n')).status).toBe('passed');
    expect((await checkContent(Buffer.from('\ufeffa: 1\r\nb:\r\n  - 2\r\n'))).status).toBe('passed');
  });

  it('reports a duplicate key as path:line:col', async () => {
    const result = await checkContent('services:\n  web: {}\nversion: "3"\nservices:\n  db: {}\n');
    expect(result).toEqual({ status: 'failed', message: 'c.yml:4:1: Map keys must be unique' });
  });

  it('reports a tab indent as path:line:col', async () => {
    const result = await checkContent('services:\n  web:\n\timage: x\n');
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/^c\.yml:3:1: Tabs are not allowed as indentation/);
  });

  it('fails for a missing file and a non-UTF-8 file', async () => {
    const root = tempProject();
    const missing = await yamlValid.run(yamlValid.schema.parse({ type: 'yaml.valid', path: 'nope.yml' }), contextFor(root));
    expect(missing).toEqual({ status: 'failed', message: 'nope.yml does not exist' });
    expect((await checkContent(Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]))).message).toMatch(/c\.yml is not UTF-8 text/);
  });

  it('accepts two merge keys in one mapping, as the compose parser does', async () => {
    expect((await checkContent('x-a: &a {p: 1}\nx-b: &b {q: 2}\nservices:\n  web:\n    <<: *a\n    <<: *b\n')).status).toBe('passed');
  });

  it('trusts a text the compose parser read cleanly in this run, and still judges a different one', async () => {
    const text = 'services:\n  cached:\n    image: x\n';
    parseComposeText(text, 'docker-compose.yml');
    expect((await checkContent(text)).status).toBe('passed');
    expect((await checkContent(text + 'services: {}\n')).status).toBe('failed');
  });
});
