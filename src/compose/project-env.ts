/**
 * The interpolation variables of a project, read through the project view: env files in
 * order (later ones win), then the shell environment on top (Compose's precedence).
 * Values stay in memory; nothing here logs them.
 */
import { envFileToMap, interpolationEnv, parseEnvFile } from './env-file.js';
import type { Env } from './interpolate.js';

export interface EnvSource {
  read(relPath: string): Promise<Buffer | null>;
}

export async function loadProjectEnv(source: EnvSource, envFiles: string[], processEnv: Env = process.env): Promise<{ env: Record<string, string>; found: string[] }> {
  const values: Record<string, string> = {};
  const found: string[] = [];
  for (const f of envFiles) {
    const buf = await source.read(f);
    if (buf === null) continue;
    found.push(f);
    Object.assign(values, envFileToMap(parseEnvFile(buf.toString('utf8'), f, processEnv)));
  }
  return { env: interpolationEnv(values, processEnv), found };
}
