import path from 'node:path';

/** The compose-safe name of the project folder: lower case, [a-z0-9_-]. */
export function projectNameFrom(root: string): string {
  const base = path.basename(path.resolve(root)).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
  return base || 'project';
}
