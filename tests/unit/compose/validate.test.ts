import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticComposeProblem } from '../../../src/compose/validate.js';
import { DiskProjectFs } from '../../../src/engine/disk-fs.js';
import { tempProject } from '../../helpers/context.js';

describe('staticComposeProblem', () => {
  const root = tempProject();
  writeFileSync(path.join(root, 'ok.yml'), 'services:\n  a:\n    image: x\n');
  writeFileSync(path.join(root, 'dup.yml'), 'services:\n  a:\n    image: x\n    image: y\n');
  writeFileSync(path.join(root, 'overlay.yml'), 'services:\n  a:\n    ports: ["1:1"]\n');
  const fs = new DiskProjectFs(root);

  it('passes a good file and names file:line:col otherwise', async () => {
    expect(await staticComposeProblem(fs, 'ok.yml')).toBeNull();
    expect(await staticComposeProblem(fs, 'dup.yml')).toBe('dup.yml:4:5: Map keys must be unique');
    expect(await staticComposeProblem(fs, 'overlay.yml')).toMatch(/^overlay\.yml:2:3: service a has neither image: nor build:/);
    expect(await staticComposeProblem(fs, 'overlay.yml', { standalone: false })).toBeNull();
    expect(await staticComposeProblem(fs, 'nope.yml')).toBe('nope.yml: file not found');
  });
});
