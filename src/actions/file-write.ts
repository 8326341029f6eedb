import type { z } from 'zod';
import { defineAction } from './types.js';

export const fileWrite = defineAction({
  type: 'file.write',
  schema: (z) => z.strictObject({
    type: z.literal('file.write'),
    path: z.string().min(1).describe('File to create or overwrite, relative to the project root'),
    content: z.string().describe('Exact content (UTF-8)'),
    mode: z.number().int().min(0).max(0o777).optional().describe('Permission bits, e.g. 0o600 (default: keep, or 0o644)'),
  }),
  replayablePlan: true,
  describe: (spec) => `write ${spec.path}`,
  async plan(spec, ctx) {
    const content = Buffer.from(spec.content, 'utf8');
    const current = await ctx.fs.read(spec.path);
    const info = await ctx.fs.stat(spec.path);
    const sameMode = spec.mode === undefined || info?.mode === spec.mode;
    if (current && current.equals(content) && sameMode) return [];
    return [{ kind: 'write', path: spec.path, content, mode: spec.mode }];
  },
});
