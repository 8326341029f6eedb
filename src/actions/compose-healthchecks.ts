import type { z } from 'zod';
import { addHealthchecks, type HealthcheckGap } from '../ci/healthchecks.js';
import { InterruptedError } from '../engine/errors.js';
import type { FileOp } from '../engine/project-fs.js';
import { defineAction, type StepContext } from './types.js';

async function scan(files: string[], ctx: StepContext) {
  const ops: FileOp[] = [];
  const gaps: HealthcheckGap[] = [];
  for (const file of files) {
    if (!(await ctx.fs.exists(file))) {
      ctx.log(`${file} does not exist: no healthchecks added there`);
      continue;
    }
    const r = await addHealthchecks(ctx.fs, file);
    for (const n of r.notes) ctx.log(`${file}: ${n}`);
    gaps.push(...r.gaps);
    const content = Buffer.from(r.text, 'utf8');
    if (!(await ctx.fs.read(file))!.equals(content)) ops.push({ kind: 'write', path: file, content });
  }
  return { ops, gaps };
}

/**
 * Every service gets a healthcheck: known images their standard probe (a file change), the
 * rest become items for a person, with the reason (the step waits for them; `--yes` never
 * confirms them). Dependants can then wait on `service_healthy`.
 */
export const composeHealthchecks = defineAction({
  type: 'compose.healthchecks',
  schema: (z) => z.strictObject({
    type: z.literal('compose.healthchecks'),
    files: z.array(z.string().min(1)).min(1).describe('Compose files whose services all need a healthcheck'),
    confirm: z.boolean().default(true).describe('Ask a person about services with no known probe (false: only log them; put a confirming one last in the step)'),
  }),
  describe: (spec) => `healthchecks for every service in ${spec.files.join(', ')}`,
  describeEffect: () => 'ask you about services with no known probe',
  async plan(spec, ctx) {
    return (await scan(spec.files, ctx)).ops;
  },
  async execute(spec, ctx) {
    // Runs after plan's changes are applied: what is still missing needs a person.
    const { gaps } = await scan(spec.files, { ...ctx, log: () => undefined });
    if (gaps.length === 0) return { ok: true, message: 'every service has a healthcheck' };
    if (!spec.confirm) {
      for (const g of gaps) ctx.log(`${g.file}: service ${g.service} has no healthcheck (${g.reason})`, 'warn');
      return { ok: true, message: `${gaps.length} service(s) without a known probe; a later action asks about them` };
    }
    // One item per service, naming every file it lacks a healthcheck in.
    const byService = new Map<string, HealthcheckGap[]>();
    for (const g of gaps) byService.set(g.service, [...(byService.get(g.service) ?? []), g]);
    const unique = [...byService].map(([service, gs]) => ({
      id: `healthcheck-${service}`.replace(/[^a-z0-9-]/gi, '-').toLowerCase(),
      text: `service ${service} has no healthcheck in ${gs.map((g) => g.file).join(', ')} (${gs[0].reason}); add one, or confirm it needs none`,
      required: true,
    }));
    if (ctx.assumeYes) {
      return { ok: false, pending: true, message: `needs a person: ${unique.map((i) => i.text).join('; ')}` };
    }
    const answer = await ctx.prompter.ask({ kind: 'manual', stepId: ctx.stepId, items: unique });
    if ('choice' in answer) throw new InterruptedError();
    const missing = unique.filter((i) => !answer.confirmed.includes(i.id));
    const record = { confirmed: answer.confirmed, ...(answer.note ? { note: answer.note } : {}), at: ctx.now().toISOString() };
    if (missing.length > 0) return { ok: false, pending: true, message: `not confirmed yet: ${missing.map((i) => i.id).join(', ')}`, record };
    return { ok: true, message: `${unique.length} service(s) without a standard probe confirmed by you`, record };
  },
});
