import type { z } from 'zod';
import { missingIgnoreLines } from '../ci/ignore-file.js';
import { decodeText, encodeRaw, NEW_FILE_STYLE } from './text-file.js';
import { defineAction } from './types.js';

/**
 * Make an ignore file (.gitignore, .dockerignore) ignore the given paths, adding only the
 * lines that are missing: a path the file already ignores (`/.env`, `.env*`, …) adds nothing,
 * a second run adds nothing, and the user's lines stay exactly where they are. A `!` line
 * (e.g. `!.env.*.example`) is added only when the examples would otherwise be ignored.
 */
export const ignoreEnsure = defineAction({
  type: 'ignore.ensure',
  schema: (z) => z.strictObject({
    type: z.literal('ignore.ensure'),
    file: z.string().min(1).describe('.gitignore or .dockerignore; created when missing'),
    ignore: z.array(z.string().min(1)).min(1).describe('Patterns that must be ignored, e.g. .env, .env/, .env.* (a trailing / means a folder)'),
    keep: z
      .array(z.strictObject({ pattern: z.string().startsWith('!'), paths: z.array(z.string().min(1)).min(1) }))
      .optional()
      .describe('Exceptions: the `!` pattern is added when any of the paths would be ignored, e.g. {pattern: "!.env.*.example", paths: [.env.dev.example]}'),
    comment: z.string().optional().describe('A comment line written above the added lines'),
  }),
  replayablePlan: true,
  describe: (spec) => `${spec.file} ignores ${spec.ignore.join(', ')}${spec.keep?.length ? ` but not ${spec.keep.map((k) => k.pattern.slice(1)).join(', ')}` : ''}`,
  async plan(spec, ctx) {
    const bytes = await ctx.fs.read(spec.file);
    const file = bytes ? decodeText(spec.file, bytes) : { raw: '', text: '', finalNewline: true, ...NEW_FILE_STYLE };
    const wants = [
      // A literal pattern stands for the path it names (`.env.*` → a sample `.env.anything`).
      ...spec.ignore.map((p) => ({ pattern: p, path: p.replace(/\/$/, '').replace(/^\//, '').replace(/\*/g, 'sample'), dir: p.endsWith('/') })),
      ...(spec.keep ?? []).flatMap((k) => k.paths.map((path) => ({ pattern: k.pattern, path }))),
    ];
    const add = missingIgnoreLines(file.text, wants);
    if (add.length === 0) {
      ctx.log(`${spec.file}: already ignores all of ${spec.ignore.join(', ')}; nothing added`);
      return [];
    }
    ctx.log(`${spec.file}: adding ${add.join(', ')}`);
    const eol = file.eol;
    const block = [...(spec.comment ? [spec.comment] : []), ...add].map((l) => l + eol).join('');
    // The user's bytes stay as they are; one blank line, then the added block.
    const text = file.raw === '' ? block : file.raw + (file.finalNewline ? eol : eol + eol) + block;
    return [{ kind: 'write', path: spec.file, content: encodeRaw(text, file.bom) }];
  },
});
