import { describe, expect, it } from 'vitest';
import { compareFindings, makeFinding, maskSecrets } from '../../../src/audit/findings.js';
import { parseEnv, secretKeys } from '../../../src/audit/env-files.js';

describe('maskSecrets', () => {
  it.each([
    ['export API_TOKEN=abc123', 'export API_TOKEN=****'],
    ['DB_PASSWORD: "hunter2"', 'DB_PASSWORD: ****'],
    ['mysql --password=hunter2 db', 'mysql --password=**** db'],
    ['postgresql://app:s3cret@db:5432/app', 'postgresql://app:****@db:5432/app'],
    ['SECRET_KEY=${SECRET_KEY}', 'SECRET_KEY=${SECRET_KEY}'],
    ['DB_PASSWORD_FILE=/run/secrets/db', 'DB_PASSWORD_FILE=/run/secrets/db'],
    ['pip install -r requirements.txt', 'pip install -r requirements.txt'],
  ])('%s', (input, want) => expect(maskSecrets(input)).toBe(want));

  it('evidence is always masked', () => {
    const f = makeFinding({ rule: 'venv.activate', priority: 'high', area: 'setup scripts', file: 'a.sh', line: 2, evidence: '  export TOKEN=abc; source .venv/bin/activate', title: 't', why: 'w', action: 'a', effort: 'xs' });
    expect(f.evidence).toBe('export TOKEN=****; source .venv/bin/activate');
    expect(f.id).toBe('venv.activate@a.sh:2');
  });
});

describe('env files', () => {
  it('parses keys with line numbers (export, quotes, multi-line) and finds secret keys', () => {
    const env = parseEnv('# c\nexport A=1\nDB_PASSWORD="multi\nline"\nAPI_KEY=\nJWT_SECRET=change-me\nDATABASE_URL=postgres://u:realpw@h/db\nSTRIPE_SECRET_KEY=sk_live_x # note\n');
    expect(env.entries.map((e) => [e.key, e.line])).toEqual([
      ['A', 2],
      ['DB_PASSWORD', 3],
      ['API_KEY', 5],
      ['JWT_SECRET', 6],
      ['DATABASE_URL', 7],
      ['STRIPE_SECRET_KEY', 8],
    ]);
    expect(secretKeys(env).map((e) => e.key)).toEqual(['DB_PASSWORD', 'DATABASE_URL', 'STRIPE_SECRET_KEY']);
  });
});

describe('ordering', () => {
  it('priority, then area in checklist order, then file and line', () => {
    const mk = (priority: 'high' | 'low', area: 'docs' | 'root docs' | 'Makefile', file: string, line: number) =>
      makeFinding({ rule: 'venv.create', priority, area, file, line, evidence: '', title: '', why: '', action: '', effort: 'xs' });
    const sorted = [mk('low', 'root docs', 'a', 1), mk('high', 'docs', 'b', 1), mk('high', 'root docs', 'c', 9), mk('high', 'Makefile', 'c', 2)].sort(compareFindings);
    expect(sorted.map((f) => `${f.priority}/${f.area}/${f.file}`)).toEqual(['high/root docs/c', 'high/Makefile/c', 'high/docs/b', 'low/root docs/a']);
  });
});
