import path from 'node:path';
import { resolveInside } from '../engine/paths.js';
import { maskSecrets, type Finding } from './findings.js';
import { classify } from './classify.js';
import { forEachLine } from './read.js';

/**
 * The lines of a finding with a little context, for a viewer that opens a finding (the Ink
 * audit view). Streams the file and stops after the range; env files are shown as keys only.
 */
export interface ExcerptLine {
  line: number;
  text: string;
  /** Inside the finding's line range. */
  inRange: boolean;
}

export function findingExcerpt(root: string, finding: Pick<Finding, 'file' | 'line' | 'endLine'>, context = 3, maxLines = 40): ExcerptLine[] {
  const abs = resolveInside(root, finding.file, 'finding file');
  const from = Math.max(1, finding.line - context);
  const to = Math.min(finding.endLine + context, from + maxLines - 1);
  const envFile = classify(finding.file) === 'env' || path.posix.basename(finding.file).startsWith('.env');
  const out: ExcerptLine[] = [];
  forEachLine(abs, (text, n) => {
    if (n < from) return;
    if (n > to) return false;
    const shown = envFile ? text.replace(/^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=).*$/, '$1****') : maskSecrets(text);
    out.push({ line: n, text: shown, inRange: n >= finding.line && n <= finding.endLine });
  });
  return out;
}
