import { describe, expect, it } from 'vitest';
import { bindingsClash, expandPortEntry, joinRawShortPort, parseShortPort, splitRawShortPort } from '../../../src/compose/ports.js';

const b = (hostIp: string, hostPort: number | null, containerPort: number, protocol = 'tcp') => ({ hostIp, hostPort, containerPort, protocol });

describe('ports', () => {
  it.each([
    ['8000', [b('', null, 8000)]],
    ['8000:80', [b('', 8000, 80)]],
    ['127.0.0.1:8000:80/tcp', [b('127.0.0.1', 8000, 80)]],
    ['0.0.0.0:53:53/udp', [b('', 53, 53, 'udp')]],
    ['127.0.0.1::80', [b('127.0.0.1', null, 80)]],
    ['[::1]:80:80', [b('::1', 80, 80)]],
    ['::1:80:80', [b('::1', 80, 80)]],
    ['30000-30002:30000-30002', [b('', 30000, 30000), b('', 30001, 30001), b('', 30002, 30002)]],
    ['8000-8001:80', [b('', 8000, 80), b('', 8001, 80)]],
  ])('%s', (spec, expected) => {
    expect(parseShortPort(spec)).toEqual(expected);
  });

  it('interpolates before parsing (defaults in the host IP, unbraced vars)', () => {
    expect(expandPortEntry('${LISTEN:-0.0.0.0}:8000:8000/tcp', {}).bindings).toEqual([b('', 8000, 8000)]);
    expect(expandPortEntry('$PORT:$PORT', { PORT: '3000' }).bindings).toEqual([b('', 3000, 3000)]);
    expect(expandPortEntry(6379, {}).bindings).toEqual([b('', null, 6379)]);
  });

  it('reads the long syntax', () => {
    const r = expandPortEntry({ target: 80, published: '${P}', host_ip: '127.0.0.1', protocol: 'udp' }, { P: '8080' });
    expect(r.bindings).toEqual([b('127.0.0.1', 8080, 80, 'udp')]);
    expect(expandPortEntry({ target: 80 }, {}).bindings).toEqual([b('', null, 80)]);
    expect(expandPortEntry({ target: 80, published: '8000-8001' }, {}).bindings.map((x) => x.hostPort)).toEqual([8000, 8001]);
  });

  it('reports unreadable entries and unset variables', () => {
    expect(expandPortEntry('abc:80', {}).invalid[0]).toMatch(/"abc" is not a port/);
    expect(expandPortEntry('${NOPE}:80', {}).problems[0].variable).toBe('NOPE');
  });

  it('clashes per host IP; all interfaces clash with every IP', () => {
    expect(bindingsClash(b('', 80, 1), b('127.0.0.1', 80, 2))).toBe(true);
    expect(bindingsClash(b('127.0.0.1', 80, 1), b('127.0.0.2', 80, 2))).toBe(false);
    expect(bindingsClash(b('127.0.0.1', 80, 1), b('127.0.0.1', 80, 2, 'udp'))).toBe(false);
    expect(bindingsClash(b('', null, 1), b('', null, 1))).toBe(false);
  });

  it('splits raw text on colons outside ${...} and [...]', () => {
    const p = splitRawShortPort('${LISTEN:-0.0.0.0}:8000:8000/tcp');
    expect(p).toEqual({ hostIp: '${LISTEN:-0.0.0.0}', hostPort: '8000', container: '8000', protocol: '/tcp' });
    expect(joinRawShortPort({ ...p, hostPort: '18000' })).toBe('${LISTEN:-0.0.0.0}:18000:8000/tcp');
    expect(splitRawShortPort('[::1]:80:80')).toEqual({ hostIp: '[::1]', hostPort: '80', container: '80', protocol: '' });
    expect(splitRawShortPort('6379')).toEqual({ hostIp: null, hostPort: null, container: '6379', protocol: '' });
  });
});
