/**
 * The interactive audit view. `commands/audit.ts` loads this module with a dynamic import only
 * when stdin and stdout are terminals (no --json, no --out, no CI), so no other path pulls Ink in.
 *
 *   const { showAuditView } = await import('../reporters/ink/audit/index.js');
 *   await showAuditView(result, root, { stdin, stderr });   // resolves when the user quits
 */
import { createElement } from 'react';
import { render } from 'ink';
import { findingExcerpt } from '../../../audit/excerpt.js';
import type { Finding } from '../../../audit/findings.js';
import type { AuditResult } from '../../../audit/scan.js';
import { AuditApp } from './AuditApp.js';
import { isNoColor } from '../theme.js';

export interface AuditViewIO {
  stdin: NodeJS.ReadStream;
  /** Where the view is drawn (stderr, like the rest of the UI: stdout carries only data). */
  stderr: NodeJS.WriteStream;
  noColor?: boolean;
}

export async function showAuditView(result: AuditResult, root: string, io: AuditViewIO): Promise<void> {
  const c = (p: string) => result.findings.filter((f) => f.priority === p).length;
  const files = new Set(result.findings.map((f) => f.file)).size;
  const summary = `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${c('critical')} critical, ${c('high')} high, ${c('medium')} medium, ${c('low')} low)`;
  const excerpt = (f: Finding) => {
    try {
      const lines = findingExcerpt(root, f);
      return lines.length ? lines : `${f.file}: the lines are gone (the file changed since the audit)`;
    } catch (e) {
      return `${f.file}: cannot be read (${(e as Error).message})`;
    }
  };
  let instance: ReturnType<typeof render> | undefined;
  instance = render(
    createElement(AuditApp, { findings: result.findings, summary, excerpt, noColor: io.noColor ?? isNoColor(), onQuit: () => instance?.unmount() }),
    { stdout: io.stderr, stdin: io.stdin, stderr: io.stderr, exitOnCtrlC: false, patchConsole: false },
  );
  await instance.waitUntilExit().catch(() => undefined);
}
