/**
 * The static half of `compose.valid`: what can be said about a compose file without any CLI.
 * Strict YAML (duplicate keys fail, which docker-compose v1 silently accepts), Compose structure,
 * and, for files meant to run on their own, no service without image or build.
 */
import { UserError } from '../engine/errors.js';
import { assertStandalone } from './derive-common.js';
import { buildComposeModel, loadParsed, type TextSource } from './model.js';

/** null when fine; otherwise a `file:line:col: message` line. */
export async function staticComposeProblem(source: TextSource, file: string, opts: { standalone?: boolean } = {}): Promise<string | null> {
  try {
    const parsed = await loadParsed(source, file);
    if (opts.standalone !== false) assertStandalone(await buildComposeModel(parsed, source, { env: {} }));
    return null;
  } catch (err) {
    if (err instanceof UserError) return err.message;
    throw err;
  }
}
