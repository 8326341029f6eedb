import type { z } from 'zod';
import type { ZodApi } from '../engine/zod-api.js';
import { InterruptedError } from '../engine/errors.js';
import { defineAction } from './types.js';

const itemSchema = (z: ZodApi) =>
  z.union([
    z.string().min(1).describe('Text of an item the user must confirm (id: item-N)'),
    z.strictObject({
      id: z.string().min(1).describe('Stable id, recorded in state when confirmed'),
      text: z.string().min(1).describe('What the user confirms, e.g. "The team knows the new procedure"'),
      required: z.boolean().optional().describe('The step stays pending until this is confirmed (default true)'),
    }),
  ]);

export interface ManualItem {
  id: string;
  text: string;
  required: boolean;
}

/** Items as the prompt and the state see them; a plain string gets the id item-N (1-based). */
export function manualItems(items: z.infer<ReturnType<typeof itemSchema>>[]): ManualItem[] {
  return items.map((item, i) =>
    typeof item === 'string' ? { id: `item-${i + 1}`, text: item, required: true } : { ...item, required: item.required ?? true },
  );
}

/** Things only a person can do or vouch for. `--yes` never signs off for them. */
export const manual = defineAction({
  type: 'manual',
  schema: (z) => z.strictObject({
    type: z.literal('manual'),
    items: z
      .array(itemSchema(z))
      .min(1)
      .refine((items) => new Set(manualItems(items).map((i) => i.id)).size === items.length, 'item ids must be unique')
      .describe('Items the user confirms; the state records when, and any note'),
  }),
  describe: (spec) => (spec.items.length === 1 ? `confirm: ${manualItems(spec.items)[0].text}` : `confirm ${spec.items.length} items`),
  describeEffect: (spec) => `ask you to confirm ${spec.items.length === 1 ? '1 item' : `${spec.items.length} items`}`,
  async execute(spec, ctx) {
    const items = manualItems(spec.items);
    const required = items.filter((i) => i.required);
    if (ctx.assumeYes) {
      if (required.length > 0) {
        return {
          ok: false,
          pending: true,
          message: `needs a person to confirm: ${required.map((i) => `${i.id} (${i.text})`).join('; ')}; --yes never signs off for a person, so run without --yes to confirm`,
        };
      }
      return { ok: true, message: 'only optional items; none confirmed under --yes', record: { confirmed: [], at: ctx.now().toISOString() } };
    }
    const answer = await ctx.prompter.ask({ kind: 'manual', stepId: ctx.stepId, items });
    if ('choice' in answer) throw new InterruptedError();
    const known = new Set(items.map((i) => i.id));
    const confirmed = answer.confirmed.filter((id) => known.has(id));
    const missing = required.filter((i) => !confirmed.includes(i.id));
    const record = { confirmed, ...(answer.note ? { note: answer.note } : {}), at: ctx.now().toISOString() };
    if (missing.length > 0) {
      return { ok: false, pending: true, message: `not confirmed yet: ${missing.map((i) => i.id).join(', ')}`, record };
    }
    return { ok: true, message: `confirmed ${confirmed.length} of ${items.length}`, record };
  },
});
