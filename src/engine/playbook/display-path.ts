import path from 'node:path';

/** How a playbook file is named in messages and `Step.source`: relative to the current folder when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
