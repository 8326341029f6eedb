import { describe, expect, it } from 'vitest';
import { decodeText, encodeText, splitLines } from '../../../src/actions/text-file.js';
import { UserError } from '../../../src/engine/errors.js';

describe('text-file', () => {
  it('round-trips CRLF and BOM through decode/encode of the LF text', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: 1\r\nb: 2\r\n')]);
    const file = decodeText('x.yml', bytes);
    expect(file).toMatchObject({ bom: true, eol: '\r\n', finalNewline: true, text: 'a: 1\nb: 2\n' });
    expect(encodeText(file.text, file)).toEqual(bytes);
  });

  it('treats an LF file and an empty file as LF', () => {
    expect(decodeText('f', Buffer.from('a\nb')).eol).toBe('\n');
    expect(decodeText('f', Buffer.from('a\nb')).finalNewline).toBe(false);
    expect(decodeText('f', Buffer.alloc(0))).toMatchObject({ eol: '\n', bom: false, finalNewline: true });
  });

  it('rejects invalid UTF-8 and NUL bytes with a UserError', () => {
    expect(() => decodeText('bin', Buffer.from([0x61, 0xff, 0x62]))).toThrow(UserError);
    expect(() => decodeText('bin', Buffer.from('a\0b'))).toThrow(/bin is not UTF-8 text/);
  });

  it('splits lines without a phantom last line', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\n\nb')).toEqual(['a', '', 'b']);
    expect(splitLines('')).toEqual([]);
  });
});
