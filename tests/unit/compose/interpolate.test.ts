import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../src/compose/interpolate.js';

describe('interpolate', () => {
  const env = { SET: 'v', EMPTY: '', PORT: '8080' };
  it.each([
    ['${SET}', 'v'],
    ['$SET', 'v'],
    ['$PORT:$PORT', '8080:8080'],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${SET:-d}', 'v'],
    ['${SET:+x}', 'x'],
    ['${EMPTY:+x}', ''],
    ['${EMPTY+x}', 'x'],
    ['${UNSET+x}', ''],
    ['$$', '$'],
    ['$${NOT}', '${NOT}'],
    ['${UNSET:-$$host}', '$host'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${UNSET- }', ' '],
    ['a $ b', 'a $ b'],
    ['${UNSET:-0.0.0.0}:8000:8000/tcp', '0.0.0.0:8000:8000/tcp'],
  ])('%s → %s', (text, expected) => {
    expect(interpolate(text, env).value).toBe(expected);
  });

  it('reports a required variable instead of throwing', () => {
    const r = interpolate('img:${VERSION:?No version set}', {});
    expect(r.value).toBe('img:');
    expect(r.problems).toEqual([{ variable: 'VERSION', kind: 'required', message: 'required variable VERSION is not set: No version set' }]);
    expect(interpolate('${E?err}', { E: '' }).problems).toEqual([]);
    expect(interpolate('${E:?err}', { E: '' }).problems[0].kind).toBe('required');
  });

  it('reports plain unset variables as "unset" and lists every variable', () => {
    const r = interpolate('$A ${B:-x} ${C}', { B: 'b' });
    expect(r.value).toBe(' b ');
    expect(r.problems.map((p) => [p.variable, p.kind])).toEqual([['A', 'unset'], ['C', 'unset']]);
    expect(r.variables.sort()).toEqual(['A', 'B', 'C']);
  });

  it('only expands a default when it is used', () => {
    expect(interpolate('${SET:-${MISSING}}', env).problems).toEqual([]);
  });

  it('flags broken syntax', () => {
    expect(interpolate('${UNCLOSED', {}).problems[0].kind).toBe('syntax');
    expect(interpolate('${1BAD}', {}).problems[0].kind).toBe('syntax');
  });
});
