import type { CommandIO, GlobalOptions } from './options.js';
import { projectRoot } from './project.js';

/** Adapts the shared options to the audit command (which lives in commands/audit.ts). */
export async function auditEntry(opts: GlobalOptions, io: CommandIO): Promise<number> {
  const root = projectRoot(opts);
  const { auditCommand } = await import('./audit.js');
  return auditCommand({ cwd: root, json: opts.json, out: opts.out, write: (s: string) => io.stdout.write(s) });
}
