import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileAppendLines } from '../../../src/actions/file-append-lines.js';
import type { FileOp } from '../../../src/engine/project-fs.js';
import { UserError } from '../../../src/engine/errors.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const spec = (p: string, lines: string[]) => fileAppendLines.schema.parse({ type: 'file.append-lines', path: p, lines });

/** Apply planned writes the simple way (the engine does this through its journal). */
function apply(root: string, ops: FileOp[]) {
  for (const op of ops) if (op.kind === 'write') writeFileSync(path.join(root, op.path), op.content);
}

function contentOf(ops: FileOp[]): Buffer {
  expect(ops).toHaveLength(1);
  const op = ops[0];
  if (op.kind !== 'write') throw new Error('expected a write');
  return op.content;
}

describe('file.append-lines', () => {
  it('creates a missing file with the lines, LF-terminated', async () => {
    const root = tempProject();
    const ops = await fileAppendLines.plan!(spec('.gitignore', ['.env.dev', '.env.test']), contextFor(root));
    expect(contentOf(ops).toString()).toBe('.env.dev\n.env.test\n');
  });

  it('is idempotent: a second plan after applying returns []', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, '.gitignore'), 'node_modules\n');
    const s = spec('.gitignore', ['.env.dev']);
    const ops = await fileAppendLines.plan!(s, contextFor(root));
    expect(contentOf(ops).toString()).toBe('node_modules\n.env.dev\n');
    apply(root, ops);
    expect(await fileAppendLines.plan!(s, contextFor(root))).toEqual([]);
  });

  it('adds only the lines not already present, and a repeated line once', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'f'), 'a\nb\n');
    const ops = await fileAppendLines.plan!(spec('f', ['b', 'c', 'c', ' a']), contextFor(root));
    // " a" is not an exact match for "a"
    expect(contentOf(ops).toString()).toBe('a\nb\nc\n a\n');
  });

  it('adds a line break first when the file lacks a final newline', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'f'), 'last');
    expect(contentOf(await fileAppendLines.plan!(spec('f', ['new']), contextFor(root))).toString()).toBe('last\nnew\n');
  });

  it('keeps CRLF line endings, including for the added lines', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'f'), 'one\r\ntwo');
    const ops = await fileAppendLines.plan!(spec('f', ['two', 'three']), contextFor(root));
    expect(contentOf(ops).toString()).toBe('one\r\ntwo\r\nthree\r\n');
    apply(root, ops);
    expect(await fileAppendLines.plan!(spec('f', ['one', 'three']), contextFor(root))).toEqual([]);
  });

  it('keeps a UTF-8 BOM and does not mistake it for part of the first line', async () => {
    const root = tempProject();
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    writeFileSync(path.join(root, 'f'), Buffer.concat([bom, Buffer.from('first\n')]));
    expect(await fileAppendLines.plan!(spec('f', ['first']), contextFor(root))).toEqual([]);
    const content = contentOf(await fileAppendLines.plan!(spec('f', ['zweite Zeile ü']), contextFor(root)));
    expect(content.subarray(0, 3)).toEqual(bom);
    expect(content.subarray(3).toString('utf8')).toBe('first\nzweite Zeile ü\n');
  });

  it('refuses a file that is not UTF-8, naming it, and plans nothing', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'latin1.txt'), Buffer.from('ok\ncaf\xe9\n', 'latin1'));
    const err = await fileAppendLines.plan!(spec('latin1.txt', ['x']), contextFor(root)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/^latin1\.txt is not UTF-8 text; migrate-wizard will not edit it/);
    expect((err as UserError).message).toContain('line 2');
    expect((err as UserError).hint).toMatch(/UTF-8/);
    expect(readFileSync(path.join(root, 'latin1.txt'))).toEqual(Buffer.from('ok\ncaf\xe9\n', 'latin1'));
  });

  it('rejects a line containing a line break at schema level', () => {
    expect(fileAppendLines.schema.safeParse({ type: 'file.append-lines', path: 'f', lines: ['a\nb'] }).success).toBe(false);
  });
});
