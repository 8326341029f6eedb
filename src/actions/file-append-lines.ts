import type { z } from 'zod';
import { decodeText, encodeRaw, NEW_FILE_STYLE, splitLines } from './text-file.js';
import { defineAction } from './types.js';

export const fileAppendLines = defineAction({
  type: 'file.append-lines',
  schema: (z) => z.strictObject({
    type: z.literal('file.append-lines'),
    path: z.string().min(1).describe('Text file to append to, relative to the project root; created when missing'),
    lines: z
      .array(
        z
          .string()
          .refine((line) => !/[\r\n]/.test(line), 'a line must not contain a line break; give each line separately')
          .describe('One line, without its line break'),
      )
      .min(1)
      .describe('Lines to add at the end; a line already in the file (exact match) is not added again'),
  }),
  replayablePlan: true,
  describe: (spec) =>
    spec.lines.length === 1 ? `append "${spec.lines[0]}" to ${spec.path}` : `append ${spec.lines.length} lines to ${spec.path}`,
  async plan(spec, ctx) {
    const bytes = await ctx.fs.read(spec.path);
    // Decode first: a non-UTF-8 file is refused, never rewritten.
    const file = bytes ? decodeText(spec.path, bytes) : { raw: '', text: '', finalNewline: true, ...NEW_FILE_STYLE };
    const present = new Set(splitLines(file.text));
    const missing: string[] = [];
    for (const line of spec.lines) {
      if (!present.has(line)) {
        missing.push(line);
        present.add(line); // a line listed twice is added once
      }
    }
    if (missing.length === 0) return [];
    // Keep everything already there byte for byte; only the added text uses the file's line ending.
    const joint = file.finalNewline ? '' : file.eol;
    const added = missing.map((line) => line + file.eol).join('');
    return [{ kind: 'write', path: spec.path, content: encodeRaw(file.raw + joint + added, file.bom) }];
  },
});
