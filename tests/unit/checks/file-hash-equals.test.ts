import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileHashEquals } from '../../../src/checks/file-hash-equals.js';
import { contextFor, tempProject } from '../../helpers/context.js';

describe('file.hash-equals', () => {
  it('passes on the right hash (any case), fails on another or a missing file', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'f'), 'content\n');
    const good = createHash('sha256').update('content\n').digest('hex');
    const check = (sha256: string) => fileHashEquals.run(fileHashEquals.schema.parse({ type: 'file.hash-equals', path: 'f', sha256 }), contextFor(root));
    expect((await check(good)).status).toBe('passed');
    expect((await check(good.toUpperCase())).status).toBe('passed');
    const bad = await check('0'.repeat(64));
    expect(bad.status).toBe('failed');
    expect(bad.message).toContain(good);
    const missing = await fileHashEquals.run(fileHashEquals.schema.parse({ type: 'file.hash-equals', path: 'g', sha256: good }), contextFor(root));
    expect(missing).toEqual({ status: 'failed', message: 'g does not exist' });
  });

  it('rejects a hash that is not 64 hex digits', () => {
    expect(fileHashEquals.schema.safeParse({ type: 'file.hash-equals', path: 'f', sha256: 'abc' }).success).toBe(false);
  });
});
