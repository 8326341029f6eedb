import { existsSync, statSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, UserError } from '../engine/errors.js';
import { renderJson } from '../audit/json.js';
import { renderMarkdown } from '../audit/markdown.js';
import { runAudit } from '../audit/scan.js';

/**
 * `migrate-wizard audit [--json] [--out FILE]`
 * - no flags: Markdown on stdout;
 * - `--json`: the JSON document (docs/audit-json.md) on stdout;
 * - `--out FILE`: Markdown to FILE and its JSON twin beside it (`audit.md` → `audit.json`;
 *   a name without `.md` gets `.json` appended); stdout gets one summary line, or the JSON with --json.
 * Findings are not failures: the exit code is 0 whenever the audit ran.
 */
export async function auditCommand(opts: {
  cwd: string;
  json: boolean;
  out?: string;
  write: (s: string) => void;
  /** On an interactive terminal (and only there): show the Ink view on these streams instead of printing Markdown. */
  view?: { stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream };
}): Promise<number> {
  if (!existsSync(opts.cwd) || !statSync(opts.cwd).isDirectory()) {
    throw new UserError(`audit: ${opts.cwd} is not a folder`, ExitCode.usage, 'pass --cwd with the project folder');
  }
  const result = runAudit(opts.cwd);
  if (opts.view && !opts.out && !opts.json) {
    // Loaded here only: Ink must stay off every non-interactive path (tests/integration/no-ink.test.ts).
    const { showAuditView } = await import('../reporters/ink/audit/index.js');
    await showAuditView(result, opts.cwd, opts.view);
    opts.write(`audit: ${result.findings.length} findings; save the checklist with \`migrate-wizard audit --out audit.md\` (Markdown and JSON)\n`);
    return ExitCode.ok;
  }
  if (!opts.out) {
    opts.write(opts.json ? renderJson(result) : renderMarkdown(result));
    await stdoutFlushed();
    return ExitCode.ok;
  }
  const mdPath = path.resolve(opts.out);
  const jsonPath = jsonTwin(mdPath);
  if (!existsSync(path.dirname(mdPath))) {
    throw new UserError(`audit: cannot write ${opts.out}: folder ${path.dirname(mdPath)} does not exist`, ExitCode.usage, 'create the folder or choose another --out path');
  }
  const json = renderJson(result);
  writeAtomic(mdPath, renderMarkdown(result));
  writeAtomic(jsonPath, json);
  if (opts.json) {
    opts.write(json);
    await stdoutFlushed();
  } else {
    const c = (p: string) => result.findings.filter((f) => f.priority === p).length;
    opts.write(
      `audit: ${result.findings.length} findings (${c('critical')} critical, ${c('high')} high, ${c('medium')} medium, ${c('low')} low) → ${path.relative(process.cwd(), mdPath) || mdPath}, ${path.relative(process.cwd(), jsonPath) || jsonPath}\n`,
    );
  }
  return ExitCode.ok;
}

/**
 * When stdout is a pipe, a large write is still queued when the CLI calls process.exit(), which
 * cuts the report at 64 KiB. Resolve once everything written so far has been handed to the OS.
 */
function stdoutFlushed(): Promise<void> {
  return new Promise((resolve) => {
    if (!process.stdout.writable) return resolve();
    process.stdout.write('', () => resolve());
  });
}

export function jsonTwin(mdPath: string): string {
  return /\.(md|markdown)$/i.test(mdPath) ? mdPath.replace(/\.(md|markdown)$/i, '.json') : `${mdPath}.json`;
}

function writeAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    throw new UserError(`audit: cannot write ${file}: ${(e as Error).message}`, ExitCode.failed, 'check the path and its permissions');
  }
}
