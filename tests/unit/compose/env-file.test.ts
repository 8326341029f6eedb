import { describe, expect, it } from 'vitest';
import { envFileToMap, interpolationEnv, parseEnvFile } from '../../../src/compose/env-file.js';
import { UserError } from '../../../src/engine/errors.js';

describe('parseEnvFile', () => {
  it('reads KEY=VALUE, export, comments, quotes and inline comments', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      'SPACED = trimmed  ',
      'INLINE=abc # comment',
      'HASH=abc#not-a-comment',
      "SINGLE='literal ${PLAIN} # kept'",
      'DOUBLE="line1\\nline2 ${PLAIN}"',
      'MULTI="first',
      'second"',
      'REF=${PLAIN}-x',
      'EMPTY=',
      'BARE',
    ].join('\n');
    const map = envFileToMap(parseEnvFile(text, '.env', { BARE: 'from-shell' }));
    expect(map).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SPACED: 'trimmed',
      INLINE: 'abc',
      HASH: 'abc#not-a-comment',
      SINGLE: 'literal ${PLAIN} # kept',
      DOUBLE: 'line1\nline2 value',
      MULTI: 'first\nsecond',
      REF: 'value-x',
      EMPTY: '',
      BARE: 'from-shell',
    });
  });

  it('handles CRLF and a BOM', () => {
    expect(envFileToMap(parseEnvFile('\uFEFFA=1\r\nB=2\r\n', '.env'))).toEqual({ A: '1', B: '2' });
  });

  it('names the file and line of a bad line, never its value', () => {
    let err: unknown;
    try {
      parseEnvFile('A=1\nthis is not=secret-value\n', 'cfg/.env');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe('cfg/.env:2: not a KEY=VALUE line');
    expect(() => parseEnvFile('A="open\n', '.env')).toThrow('.env:1: unterminated double quote');
  });

  it('lets the shell environment win over the file (Compose precedence)', () => {
    expect(interpolationEnv({ A: 'file', B: 'file' }, { A: 'shell', C: undefined })).toEqual({ A: 'shell', B: 'file' });
  });
});
