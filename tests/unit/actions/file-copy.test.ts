import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCopy } from '../../../src/actions/file-copy.js';
import { UserError } from '../../../src/engine/errors.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const spec = (from: string, to: string) => fileCopy.schema.parse({ type: 'file.copy', from, to });

describe('file.copy', () => {
  it('plans a write of the source bytes with the source mode', async () => {
    const root = tempProject();
    const bytes = Buffer.from([0, 1, 2, 0xff, 10]);
    writeFileSync(path.join(root, 'run.sh'), bytes);
    chmodSync(path.join(root, 'run.sh'), 0o755);
    const ops = await fileCopy.plan!(spec('run.sh', 'bin/run.sh'), contextFor(root));
    expect(ops).toEqual([{ kind: 'write', path: 'bin/run.sh', content: bytes, mode: 0o755 }]);
  });

  it('plans nothing when the copy is already identical, and a write when the mode differs', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'a'), 'same\n');
    writeFileSync(path.join(root, 'b'), 'same\n');
    chmodSync(path.join(root, 'a'), 0o644);
    chmodSync(path.join(root, 'b'), 0o644);
    expect(await fileCopy.plan!(spec('a', 'b'), contextFor(root))).toEqual([]);
    chmodSync(path.join(root, 'b'), 0o600);
    expect(await fileCopy.plan!(spec('a', 'b'), contextFor(root))).toHaveLength(1);
  });

  it('names a missing source in a UserError', async () => {
    const root = tempProject();
    const err = await fileCopy.plan!(spec('nope.txt', 'x'), contextFor(root)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain('nope.txt');
  });

  it('refuses a destination outside the project', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'a'), 'x');
    await expect(fileCopy.plan!(spec('a', '../outside'), contextFor(root))).rejects.toThrow(/escapes the project/);
  });
});
