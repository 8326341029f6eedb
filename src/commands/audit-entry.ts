import type { CommandIO, GlobalOptions } from './options.js';
import { projectRoot } from './project.js';

/** Adapts the shared options to the audit command (which lives in commands/audit.ts). */
export async function auditEntry(opts: GlobalOptions, io: CommandIO): Promise<number> {
  const root = projectRoot(opts);
  const { auditCommand } = await import('./audit.js');
  // The Ink view only where a person can use it: both ends a terminal, no report asked for, not CI.
  const interactive = !opts.json && !opts.out && !opts.plain && Boolean(io.stdin.isTTY) && Boolean(io.stdout.isTTY) && Boolean(io.stderr.isTTY) && !process.env.CI;
  return auditCommand({
    cwd: root,
    json: opts.json,
    out: opts.out,
    write: (s: string) => io.stdout.write(s),
    view: interactive ? { stdin: io.stdin, stderr: io.stderr } : undefined,
  });
}
