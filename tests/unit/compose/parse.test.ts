import { describe, expect, it } from 'vitest';
import { parseComposeText } from '../../../src/compose/parse.js';
import { UserError } from '../../../src/engine/errors.js';

function errorOf(text: string, file = 'docker-compose.yml'): UserError {
  try {
    parseComposeText(text, file);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('parseComposeText', () => {
  it('reports YAML errors as file:line:col with a hint', () => {
    const e = errorOf('services:\n  web:\n    image: a\n    image: b\n');
    expect(e.message).toBe('docker-compose.yml:4:5: Map keys must be unique');
    expect(e.hint).toMatch(/duplicate/);
    expect(errorOf('services:\n  web: [\n', 'x.yml').message).toMatch(/^x\.yml:\d+:\d+: /);
  });

  it('rejects structural problems with positions', () => {
    expect(errorOf('- a\n- b\n').message).toBe('docker-compose.yml:1:1: a Compose file must be a mapping (with a "services:" key)');
    expect(errorOf('version: "3"\n').message).toBe('docker-compose.yml:1:1: no "services:" key');
    expect(errorOf('services:\n  - web\n').message).toBe('docker-compose.yml:2:3: "services" must be a mapping of service names');
    expect(errorOf('services:\n  web: nginx\n').message).toBe('docker-compose.yml:2:3: service web must be a mapping');
  });

  it('keeps the Document and resolves merge keys (two << in one mapping) only in the analysis view', () => {
    const text = 'x-a: &a\n  image: a\nx-b: &b\n  restart: always\nservices:\n  web:\n    <<: *a\n    <<: *b\n    ports: ["80"]\n';
    const p = parseComposeText(text, 'c.yml');
    expect((p.js().services as Record<string, unknown>).web).toEqual({ image: 'a', restart: 'always', ports: ['80'] });
    expect(p.doc.toString()).toContain('<<: *a');
    expect(p.where(text.indexOf('web'))).toBe('c.yml:6:3');
  });
});

describe('parse sharing', () => {
  it('parses a text once for two file names, and each keeps its own name in positions and errors', () => {
    const text = 'services:\n  web:\n    image: a\n';
    const a = parseComposeText(text, 'a.yml');
    const b = parseComposeText(text, 'b.yml');
    expect(b.doc).toBe(a.doc);
    expect(a.where(12)).toBe('a.yml:2:3');
    expect(b.where(12)).toBe('b.yml:2:3');
    const bad = 'services:\n  web:\n    image: a\n    image: b\n';
    expect(errorOf(bad, 'one.yml').message).toMatch(/^one\.yml:4:5: /);
    expect(errorOf(bad, 'two.yml').message).toMatch(/^two\.yml:4:5: /);
  });
});

describe('comments noted while parsing', () => {
  it('are exactly what a separate lexer pass finds, with # inside quoted and block scalars left out', async () => {
    const { collectComments, lexComments } = await import('../../../src/compose/source-edit.js');
    const text = [
      '# head',
      'services:',
      '  web:  # trailing',
      '    image: "a#b"',
      "    command: 'echo # not a comment'",
      '    entrypoint: |',
      '      # inside a block scalar',
      '      run',
      '    environment:',
      '      - URL=http://x/#frag',
      '  # before db',
      '  db: {image: x}  # flow',
      '',
    ].join('\n');
    parseComposeText(text, 'c.yml');
    const noted = collectComments(text);
    expect(noted).toEqual(lexComments(text));
    expect(noted.map((c) => c.text)).toEqual(['# head', '# trailing', '# before db', '# flow']);
  });
});
