import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileAbsent } from '../../../src/checks/file-absent.js';
import { contextFor, tempProject } from '../../helpers/context.js';

describe('file.absent', () => {
  it('passes for a missing file and fails for an existing one', async () => {
    const root = tempProject();
    const s = fileAbsent.schema.parse({ type: 'file.absent', path: '.env' });
    expect((await fileAbsent.run(s, contextFor(root))).status).toBe('passed');
    writeFileSync(path.join(root, '.env'), 'A=1\n');
    expect(await fileAbsent.run(s, contextFor(root))).toEqual({ status: 'failed', message: '.env exists but should not' });
  });
});
