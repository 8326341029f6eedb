import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findingExcerpt } from '../../../src/audit/excerpt.js';
import { runAudit } from '../../../src/audit/scan.js';
import { AUDIT_FIXTURES } from '../../helpers/audit-expected.js';
import { copyTree, removeTree } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTree));

describe('findingExcerpt', () => {
  const root = copyTree(path.join(AUDIT_FIXTURES, 'dockerfile-kinds'));
  dirs.push(root);
  const findings = runAudit(root).findings;

  it('shows the finding lines with context, marked', () => {
    const f = findings.find((x) => x.id === 'dockerfile.copy-before-install@legacy/Dockerfile:8')!;
    const ex = findingExcerpt(root, f, 1);
    expect(ex.map((l) => [l.line, l.inRange])).toEqual([
      [7, false],
      [8, true],
      [9, true],
      [10, false],
    ]);
    expect(ex[1]!.text).toBe('COPY . .');
  });

  it('never shows secret values: env files as keys only, ENV lines masked', () => {
    const env = findingExcerpt(root, findings.find((x) => x.rule === 'secret.env-file')!, 5);
    expect(env.map((l) => l.text)).toEqual(['DB_HOST=****', 'DB_PASSWORD=****', 'STRIPE_API_KEY=****', 'DEBUG=****']);
    const df = findingExcerpt(root, findings.find((x) => x.rule === 'secret.dockerfile-env')!, 0);
    expect(df[0]!.text).toBe('ENV SECRET_KEY=**** \\');
  });

  it('refuses paths outside the project', () => {
    expect(() => findingExcerpt(root, { file: '../etc/passwd', line: 1, endLine: 1 })).toThrow(/escapes the project/);
  });
});
