import { describe, expect, it } from 'vitest';
import { isMap, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseComposeText } from '../../../src/compose/parse.js';
import { collectComments, pairOf, renderFlow, renderScalar, SourceEditor } from '../../../src/compose/source-edit.js';

function editor(text: string): SourceEditor {
  const p = parseComposeText(text, 'c.yml');
  return new SourceEditor(p.text, p.doc, 'c.yml');
}
const svc = (ed: SourceEditor, name: string) => ed.resolve(pairOf(pairOf(ed.doc.contents, 'services')!.value, name)!.value) as YAMLMap;

describe('collectComments', () => {
  it('finds real comments only, with offsets', () => {
    const src = 'a: "# not" # yes\nb: |\n  #!/bin/sh\n  x # no\n# top\nc: [1, # in flow\n  2]\n';
    expect(collectComments(src)).toEqual([
      { offset: 11, text: '# yes' },
      { offset: src.indexOf('# top'), text: '# top' },
      { offset: src.indexOf('# in flow'), text: '# in flow' },
    ]);
  });
});

describe('renderScalar', () => {
  it.each([
    ['./.env.dev:/app/.env', undefined, './.env.dev:/app/.env'],
    ['3080:3080', undefined, '3080:3080'],
    ['22:22', undefined, '"22:22"'],
    ['12:30', undefined, '"12:30"'],
    ['no', undefined, '"no"'],
    ['8080', undefined, '"8080"'],
    ['a: b', undefined, '"a: b"'],
    ["it's", 'QUOTE_SINGLE', "'it''s'"],
    ['say "hi"', 'QUOTE_DOUBLE', '"say \\"hi\\""'],
  ])('%s (%s) → %s', (value, style, expected) => {
    expect(renderScalar(value, style)).toBe(expected);
  });
  it('renders flow values', () => {
    expect(renderFlow({ test: ['CMD', 'x'], retries: 3, on: true })).toBe('{test: ["CMD", "x"], retries: 3, "on": true}');
  });
});

describe('SourceEditor', () => {
  it('suffixes scalars inside their quotes and leaves every other byte alone', () => {
    const text = "services:\n  a:\n    image: x   # keep\n    container_name: 'a'\n  b:\n    image: y\n    container_name: \"b\" # n\n";
    const ed = editor(text);
    ed.suffixScalar(pairOf(svc(ed, 'a'), 'container_name')!.value as never, '-dev');
    ed.suffixScalar(pairOf(svc(ed, 'b'), 'container_name')!.value as never, '-dev');
    expect(ed.apply()).toBe(text.replace("'a'", "'a-dev'").replace('"b"', '"b-dev"'));
  });

  it('removes a pair and a sequence item but keeps their comments; appends keys in the map\'s indentation', () => {
    const text = 'services:\n a:\n  image: x\n  command: sleep infinity # keep-alive\n  volumes:\n   - d:/data # data\n   - ./c:/c\n';
    const ed = editor(text);
    const a = svc(ed, 'a');
    ed.removePair(pairOf(a, 'command') as Pair);
    const vols = pairOf(a, 'volumes')!.value as YAMLSeq;
    ed.removeSeqItem(vols, vols.items[0] as never);
    ed.appendToMap(a, ['tmpfs:', '  - /data']);
    expect(ed.apply()).toBe('services:\n a:\n  image: x\n  # keep-alive\n  volumes:\n   # data\n   - ./c:/c\n  tmpfs:\n    - /data\n');
  });

  it('keeps CRLF for inserted lines and anchors on replaced values', () => {
    const text = 'x: &deps\r\n  - db\r\nservices:\r\n  a:\r\n    image: x\r\n    depends_on: *deps\r\n';
    const ed = editor(text);
    const owner = pairOf(ed.doc.contents, 'x') as Pair;
    ed.replaceValueWithBlock(owner, ['db:', '  condition: service_healthy']);
    ed.appendToMap(svc(ed, 'a'), ['restart: "no"']);
    const out = ed.apply();
    expect(out).toBe('x: &deps\r\n  db:\r\n    condition: service_healthy\r\nservices:\r\n  a:\r\n    image: x\r\n    depends_on: *deps\r\n    restart: "no"\r\n');
    expect(isMap(parseComposeText(out, 'o.yml').doc.get('x'))).toBe(true);
  });

  it('refuses overlapping edits', () => {
    const ed = editor('services:\n  a:\n    image: x\n');
    ed.replace(0, 5, 'a');
    ed.replace(3, 8, 'b');
    expect(() => ed.apply()).toThrow('c.yml: overlapping edits at offset 3');
  });
});
