import type { z } from 'zod';
import { parseDocument } from 'yaml';
import { workflowFileRefs } from '../ci/workflow.js';
import { defineCheck, failed, passed } from './types.js';

/**
 * A workflow file is valid YAML with jobs and steps, every file its commands read exists
 * in the project (or is made by an earlier command of it), and it uploads or pushes nothing.
 */
export const ciWorkflowValid = defineCheck({
  type: 'ci.workflow-valid',
  schema: (z) => z.strictObject({
    type: z.literal('ci.workflow-valid'),
    path: z.string().min(1),
  }),
  describe: (spec) => `${spec.path} is valid, refers only to existing files, uploads nothing`,
  async run(spec, ctx) {
    const bytes = await ctx.fs.read(spec.path);
    if (!bytes) return failed(`${spec.path} does not exist`);
    const doc = parseDocument(bytes.toString('utf8'), { uniqueKeys: true });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      return failed(`${spec.path}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: not valid YAML (${e.message.split('\n')[0]})`);
    }
    const js = doc.toJS() as { on?: unknown; jobs?: Record<string, { steps?: { run?: string; uses?: string }[] }> };
    if (!js?.jobs || Object.keys(js.jobs).length === 0 || js.on === undefined) return failed(`${spec.path} has no "on:" or no jobs`);
    const problems: string[] = [];
    const runs: string[] = [];
    for (const [job, def] of Object.entries(js.jobs)) {
      if (!Array.isArray(def?.steps) || def.steps.length === 0) problems.push(`job ${job} has no steps`);
      for (const step of def?.steps ?? []) {
        if (typeof step.uses === 'string' && /upload-artifact|upload-pages-artifact|codecov|docker\/login-action|docker\/build-push-action/.test(step.uses)) problems.push(`job ${job} uploads or pushes (${step.uses})`);
        if (typeof step.run === 'string') {
          runs.push(step.run);
          if (/\bdocker (push|login)\b|\bcompose( -[^\n]*)? push\b|\bcurl\b[^\n]*(-T|--upload-file|-F)\b/.test(step.run)) problems.push(`job ${job} runs an upload: ${step.run.split('\n')[0]}`);
        }
      }
    }
    const { reads, creates } = workflowFileRefs(runs);
    const missing: string[] = [];
    for (const f of reads) if (!creates.includes(f) && !(await ctx.fs.exists(f))) missing.push(f);
    if (missing.length > 0) problems.push(`refers to files that do not exist: ${missing.join(', ')}`);
    if (problems.length > 0) return failed(`${spec.path}: ${problems.join('; ')}`);
    return passed(`${spec.path}: valid YAML, ${Object.keys(js.jobs).length} job(s); reads ${reads.join(', ') || 'no files'} (all there); uploads nothing`);
  },
});
