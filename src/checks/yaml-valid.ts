import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { parsedCleanly } from '../compose/parse.js';
import { UserError } from '../engine/errors.js';
import { decodeText } from '../actions/text-file.js';
import { defineCheck, failed, passed } from './types.js';

export const yamlValid = defineCheck({
  type: 'yaml.valid',
  schema: (z) => z.strictObject({
    type: z.literal('yaml.valid'),
    path: z.string().min(1).describe('YAML file that must parse cleanly (duplicate keys and tab indents fail)'),
  }),
  describe: (spec) => `${spec.path} is valid YAML`,
  async run(spec, ctx) {
    const bytes = await ctx.fs.read(spec.path);
    if (!bytes) return failed(`${spec.path} does not exist`);
    let text: string;
    try {
      text = decodeText(spec.path, bytes).text;
    } catch (err) {
      if (err instanceof UserError) return failed(err.message);
      throw err;
    }
    // Same options as the compose parser (merge keys are YAML 1.1, which Compose files use), so a
    // file that was parsed cleanly in this run is valid here too.
    if (parsedCleanly(text)) return passed(`${spec.path} is valid YAML`);
    const doc = parseDocument(text, { uniqueKeys: true, merge: true, prettyErrors: true });
    const error = doc.errors[0];
    if (!error) return passed(`${spec.path} is valid YAML`);
    const at = error.linePos ? `:${error.linePos[0].line}:${error.linePos[0].col}` : '';
    // prettyErrors appends " at line L, column C:" and a code excerpt; we give the position our way.
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : '';
    return failed(`${spec.path}${at}: ${message}${more}`);
  },
});
