import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReferences } from '../../../src/compose/references.js';
import { DiskProjectFs } from '../../../src/engine/disk-fs.js';
import { OverlayProjectFs } from '../../../src/engine/overlay-fs.js';
import { PlanMemo, RecordingProjectFs } from '../../../src/engine/plan-memo.js';
import { tempProject } from '../../helpers/context.js';

/** A plan that scans the project like env.rename does: lists folders, reads files. */
async function recordScan(root: string, memo: PlanMemo): Promise<void> {
  const overlay = new OverlayProjectFs(root);
  await overlay.apply({ kind: 'write', path: 'docker-compose.dev.yml', content: Buffer.from('services:\n  a:\n    image: x\n    env_file: .env\n') });
  const recorder = new RecordingProjectFs(overlay);
  const refs = await findReferences(recorder, '.env');
  memo.record('rename-env', 0, recorder.reads, { ops: [{ kind: 'write', path: 'marker', content: Buffer.from(String(refs.length)) }], logs: [{ line: 'scanned', level: 'info' }] });
}

function project(): string {
  const root = tempProject();
  writeFileSync(path.join(root, 'Makefile'), 'up:\n\tdocker compose --env-file .env up\n');
  return root;
}

describe('PlanMemo', () => {
  it('gives back the recorded plan once the disk answers every read as the overlay did', async () => {
    const root = project();
    const memo = new PlanMemo();
    await recordScan(root, memo);
    // What the earlier step planned is now on disk.
    writeFileSync(path.join(root, 'docker-compose.dev.yml'), 'services:\n  a:\n    image: x\n    env_file: .env\n');
    const plan = await memo.take('rename-env', 0, new DiskProjectFs(root));
    expect(plan?.ops[0]).toMatchObject({ path: 'marker' });
    expect(plan?.logs).toEqual([{ line: 'scanned', level: 'info' }]);
    expect(await memo.take('rename-env', 0, new DiskProjectFs(root))).toBeNull(); // used at most once
  });

  it('refuses the plan when a file it read changed', async () => {
    const root = project();
    const memo = new PlanMemo();
    await recordScan(root, memo);
    writeFileSync(path.join(root, 'docker-compose.dev.yml'), 'services:\n  a:\n    image: y\n');
    expect(await memo.take('rename-env', 0, new DiskProjectFs(root))).toBeNull();
  });

  it('refuses the plan when a file appeared in a folder it listed', async () => {
    const root = project();
    const memo = new PlanMemo();
    await recordScan(root, memo);
    writeFileSync(path.join(root, 'docker-compose.dev.yml'), 'services:\n  a:\n    image: x\n    env_file: .env\n');
    writeFileSync(path.join(root, 'deploy.sh'), 'source .env\n');
    expect(await memo.take('rename-env', 0, new DiskProjectFs(root))).toBeNull();
  });

  it('refuses the plan when a planned file never reached the disk', async () => {
    const root = project();
    const memo = new PlanMemo();
    await recordScan(root, memo);
    expect(await memo.take('rename-env', 0, new DiskProjectFs(root))).toBeNull();
  });
});
