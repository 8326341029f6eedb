/** compose.valid with the real compose CLI on this machine (no engine needed). */
import { inCi } from '../../helpers/ci.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeValid } from '../../../src/checks/compose-valid.js';
import { detectComposeCli } from '../../../src/compose/engine-cli.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const cli = await detectComposeCli();
if (!cli && inCi()) throw new Error('CI is set but no compose CLI is installed');
const demo = path.resolve(import.meta.dirname, '..', '..', '..', 'demo', 'parallel-envs');

describe.skipIf(!cli)(`compose.valid with ${cli ? `${cli.name} ${cli.version}` : 'no compose CLI (skipped)'}`, () => {
  it('accepts the demo project with its env file', async () => {
    const r = await composeValid.run({ type: 'compose.valid', file: 'docker-compose.yml', envFile: '.env' }, contextFor(tempProject(demo)));
    expect(r.status, r.message).toBe('passed');
    expect(r.message).toContain(`${cli!.name} accepts docker-compose.yml`);
  });

  it('rejects an unknown service key, quoting what the CLI said', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'docker-compose.yml'), 'services:\n  web:\n    image: busybox\n    imagee: busybox\n');
    const r = await composeValid.run({ type: 'compose.valid', file: 'docker-compose.yml' }, contextFor(root));
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/rejected docker-compose\.yml/);
    expect(r.message).toMatch(/imagee/);
  });

  it('rejects a duplicate key before asking the CLI (v1 would accept it), naming file:line:col', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'docker-compose.yml'), 'services:\n  web:\n    image: busybox\n    image: alpine\n');
    const r = await composeValid.run({ type: 'compose.valid', file: 'docker-compose.yml' }, contextFor(root));
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/^docker-compose\.yml:4:5: .*unique/);
  });

  it('passes with a warning when a variable is unset', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'docker-compose.yml'), 'services:\n  web:\n    image: "busybox:${TAG_FOR_TEST_UNSET}"\n');
    const r = await composeValid.run({ type: 'compose.valid', file: 'docker-compose.yml' }, contextFor(root));
    expect(r.status, r.message).toBe('passed');
    expect(r.message).toMatch(/TAG_FOR_TEST_UNSET.*not set/);
  });

  it('fails naming a missing file, without running the CLI', async () => {
    const r = await composeValid.run({ type: 'compose.valid', file: 'docker-compose.dev.yml' }, contextFor(tempProject()));
    expect(r).toEqual({ status: 'failed', message: 'docker-compose.dev.yml does not exist; run the step that creates it first' });
  });
});
