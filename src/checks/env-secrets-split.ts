import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { parseEnv, secretKeys } from '../audit/env-files.js';
import { GitIgnores } from '../audit/walk.js';
import { defineCheck, failed, passed } from './types.js';

/** Is the file tracked by git? false outside a git work tree (nothing is tracked there). */
function trackedByGit(root: string, rel: string): boolean {
  if (!existsSync(path.join(root, '.git'))) return false;
  const r = spawnSync('git', ['ls-files', '--error-unmatch', '--', rel], { cwd: root, stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Shared settings in one committed env file with no secrets in it; the secrets in their own
 * file that git ignores; a committed example of the secrets file with every key and no values.
 * Messages name keys and lines, never values.
 */
export const envSecretsSplit = defineCheck({
  type: 'env.secrets-split',
  schema: (z) => z.strictObject({
    type: z.literal('env.secrets-split'),
    settings: z.string().min(1).describe('The shared, committed env file (non-secret settings), e.g. .env'),
    secrets: z.string().min(1).describe('The untracked env file with the secrets, e.g. secrets.env'),
    example: z.string().min(1).describe('The committed template of the secrets file, e.g. secrets.example'),
  }),
  describe: (spec) => `settings in ${spec.settings}, secrets in ${spec.secrets} (ignored), template ${spec.example}`,
  async run(spec, ctx) {
    const problems: string[] = [];
    const read = async (rel: string) => {
      const b = await ctx.fs.read(rel);
      return b ? parseEnv(b.toString('utf8')) : null;
    };
    const ignores = new GitIgnores(ctx.root);
    const settings = await read(spec.settings);
    if (!settings) problems.push(`${spec.settings}: does not exist (put the shared, non-secret settings there)`);
    else {
      for (const s of secretKeys(settings)) problems.push(`${spec.settings}:${s.line}: ${s.key} looks like a secret; move it to ${spec.secrets}`);
      if (ignores.ignores(spec.settings, false)) problems.push(`${spec.settings}:1: is ignored by git, so the settings are not shared; commit it once it holds no secrets`);
    }
    const secrets = await read(spec.secrets);
    if (secrets) {
      if (!ignores.ignores(spec.secrets, false)) problems.push(`${spec.secrets}:1: is not ignored by git; add it to .gitignore`);
      if (trackedByGit(ctx.root, spec.secrets)) problems.push(`${spec.secrets}:1: is tracked by git; \`git rm --cached ${spec.secrets}\` and rotate the secrets`);
    }
    const example = await read(spec.example);
    if (!example) problems.push(`${spec.example}: does not exist (commit it with every key of ${spec.secrets} and empty values)`);
    else {
      if (ignores.ignores(spec.example, false)) problems.push(`${spec.example}:1: is ignored by git; it must be committed`);
      for (const s of secretKeys(example)) problems.push(`${spec.example}:${s.line}: ${s.key} has a real-looking value; leave it empty`);
      if (secrets) {
        const have = new Set(example.entries.map((e) => e.key));
        const missing = secrets.entries.filter((e) => !have.has(e.key));
        if (missing.length) problems.push(`${spec.example}: lacks ${missing.map((e) => e.key).join(', ')} (in ${spec.secrets}:${missing[0]!.line})`);
      }
    }
    if (problems.length) return failed(problems.join('\n'));
    return passed(`${spec.settings} holds no secrets; ${secrets ? `${spec.secrets} is ignored by git; ` : ''}${spec.example} lists ${example!.entries.length} key${example!.entries.length === 1 ? '' : 's'}`);
  },
});
