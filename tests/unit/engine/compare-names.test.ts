import { describe, expect, it } from 'vitest';
import { compareNames } from '../../../src/engine/compare-names.js';

describe('compareNames', () => {
  it('orders names as people read them: case-insensitive, lowercase first on a tie, dot-files first', () => {
    const names = ['Makefile', 'docker-compose.yml', 'README.md', '.env', 'docker-compose.dev.yml', 'readme.md', 'Dockerfile', 'scripts'];
    expect([...names].sort(compareNames)).toEqual(['.env', 'docker-compose.dev.yml', 'docker-compose.yml', 'Dockerfile', 'Makefile', 'readme.md', 'README.md', 'scripts']);
    expect(compareNames('a', 'a')).toBe(0);
  });
});
