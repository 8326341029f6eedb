import type { z } from 'zod';
import { ciRunCommand } from '../ci/ci-compose.js';
import { parseEnvFile } from '../compose/env-file.js';
import { UserError } from '../engine/errors.js';
import { renderWorkflow, WORKFLOW_MARKER } from '../ci/workflow.js';
import { defineAction } from './types.js';

/** .github/workflows/<name>.yml running the CI compose file (see src/ci/workflow.ts). */
export const ciGithubWorkflow = defineAction({
  type: 'ci.github-workflow',
  schema: (z) => z.strictObject({
    type: z.literal('ci.github-workflow'),
    path: z
      .string()
      .refine((p) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p) || /\{\{/.test(p), 'a .yml file in .github/workflows/ (or built from {{variables}})')
      .describe('e.g. .github/workflows/compose-tests.yml'),
    name: z.string().min(1).default('compose tests'),
    ciFile: z.string().min(1).default('docker-compose.ci.yml'),
    project: z.string().min(1).describe('Compose project name in CI (-p)'),
    envFile: z.string().min(1).default('.env.ci'),
    envExample: z.string().min(1).optional().describe('The committed example the workflow copies to envFile (default: envFile + .example when it exists)'),
  }),
  describe: (spec) => `create ${spec.path} running ${spec.ciFile} in GitHub Actions`,
  async plan(spec, ctx) {
    if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(spec.path)) throw new UserError(`${spec.path}: a workflow must be a .yml file in .github/workflows/`, 64, 'pass --set ciWorkflow=.github/workflows/<name>.yml');
    const ci = await ctx.fs.read(spec.ciFile);
    if (!ci) throw new UserError(`${spec.ciFile} does not exist`, 1, 'run the step that creates it first');
    const run = ciRunCommand(ci.toString('utf8'));
    if (!run) throw new UserError(`${spec.ciFile} was not made by migrate-wizard (no "# Run:" header naming the test runner)`, 64, 'regenerate it with the ci-compose step');
    const exampleName = spec.envExample ?? `${spec.envFile}.example`;
    const example = await ctx.fs.read(exampleName);
    const blankKeys = example ? parseEnvFile(example.toString('utf8'), exampleName).filter((e) => e.value === '').map((e) => e.key) : [];
    const text = renderWorkflow({ name: spec.name, ciFile: spec.ciFile, project: spec.project, envFile: spec.envFile, envExample: example ? exampleName : undefined, blankKeys, runner: run.service });
    const current = await ctx.fs.read(spec.path);
    if (current && !current.toString('utf8').startsWith(WORKFLOW_MARKER)) {
      throw new UserError(`${spec.path} exists and was not made by migrate-wizard`, 64, 'pass another path with --set ciWorkflow=.github/workflows/<name>.yml');
    }
    const content = Buffer.from(text, 'utf8');
    if (current && current.equals(content)) return [];
    return [{ kind: 'write', path: spec.path, content }];
  },
});
