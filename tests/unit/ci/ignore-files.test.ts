import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ignoreEnsure } from '../../../src/actions/ignore-ensure.js';
import { ignoreCovers } from '../../../src/checks/ignore-covers.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const GITIGNORE = {
  type: 'ignore.ensure',
  file: '.gitignore',
  comment: '# env files (migrate-wizard)',
  ignore: ['.env', '.env/', '.env.dev', '.env.test', '.env.ci'],
  keep: [{ pattern: '!.env.*.example', paths: ['.env.dev.example', '.env.test.example', '.env.ci.example'] }],
};
const DOCKERIGNORE = { type: 'ignore.ensure', file: '.dockerignore', ignore: ['.env', '.env.*'] };

async function apply(root: string, spec: object) {
  const ops = await ignoreEnsure.plan!(ignoreEnsure.schema.parse(spec), contextFor(root));
  for (const op of ops) if (op.kind === 'write') writeFileSync(path.join(root, op.path), op.content);
  return ops;
}

/** What git itself says is ignored (the ground truth our matcher must agree with). */
function gitIgnored(root: string, paths: string[]): string[] {
  if (!existsSync(path.join(root, '.git'))) execFileSync('git', ['init', '-q'], { cwd: root });
  const r = spawnSync('git', ['check-ignore', '--no-index', ...paths], { cwd: root, encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

const hasGit = spawnSync('git', ['--version']).status === 0;
const ENV_PATHS = ['.env', '.env.dev', '.env.test', '.env.ci', '.env.dev.example', '.env.test.example', '.env.ci.example'];

describe('.gitignore and .dockerignore: only what is missing, never twice, the user\'s lines stay', () => {
  it.each([
    ['no .gitignore', null, ['# env files (migrate-wizard)', '.env', '.env.dev', '.env.test', '.env.ci']],
    ['unrelated lines, no final newline', 'node_modules/\n*.log', ['node_modules/', '*.log', '', '# env files (migrate-wizard)', '.env', '.env.dev', '.env.test', '.env.ci']],
    ['/.env and .env.dev already there', 'dist/\n/.env\n.env.dev\n', ['dist/', '/.env', '.env.dev', '', '# env files (migrate-wizard)', '.env.test', '.env.ci']],
    ['.env* ignores the examples too', '.env*\n', ['.env*', '', '# env files (migrate-wizard)', '!.env.*.example']],
    ['everything already there', '.env\n.env.*\n!.env.*.example\n', ['.env', '.env.*', '!.env.*.example']],
  ])('%s', async (_name, before, expected) => {
    const root = tempProject();
    if (before !== null) writeFileSync(path.join(root, '.gitignore'), before);
    await apply(root, GITIGNORE);
    const after = readFileSync(path.join(root, '.gitignore'), 'utf8');
    expect(after.replace(/\n$/, '').split('\n')).toEqual(expected);
    if (before !== null) expect(after.startsWith(before)).toBe(true); // the user's bytes untouched
    // Idempotence: a second run adds nothing.
    expect(await apply(root, GITIGNORE)).toEqual([]);
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe(after);
    const check = await ignoreCovers.run(
      ignoreCovers.schema.parse({ type: 'ignore.covers', file: '.gitignore', ignored: GITIGNORE.ignore, notIgnored: ['.env.dev.example', '.env.test.example', '.env.ci.example'] }),
      contextFor(root),
    );
    expect(check.status, check.message).toBe('passed');
    if (hasGit) expect(gitIgnored(root, ENV_PATHS)).toEqual(['.env', '.env.dev', '.env.test', '.env.ci']);
  });

  it('.dockerignore is created when missing and gets .env and .env.*; a second run adds nothing', async () => {
    const root = tempProject();
    await apply(root, DOCKERIGNORE);
    expect(readFileSync(path.join(root, '.dockerignore'), 'utf8')).toBe('.env\n.env.*\n');
    expect(await apply(root, DOCKERIGNORE)).toEqual([]);
    writeFileSync(path.join(root, '.dockerignore'), '.git\r\n**/.env*\r\n');
    expect(await apply(root, DOCKERIGNORE)).toEqual([]); // already covered by the user's own pattern
  });

  it('the check fails when the examples would be ignored', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, '.gitignore'), '.env*\n');
    const check = await ignoreCovers.run(
      ignoreCovers.schema.parse({ type: 'ignore.covers', file: '.gitignore', ignored: ['.env'], notIgnored: ['.env.ci.example'] }),
      contextFor(root),
    );
    expect(check.status).toBe('failed');
    expect(check.message).toContain('.env.ci.example');
  });
});
