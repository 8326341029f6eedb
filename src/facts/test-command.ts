import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const MAKE_TEST_TARGETS = ['test-unit', 'test', 'tests', 'check'];

/** The project's own test command, guessed from its Makefile or package.json; undefined when unsure. */
export function detectTestCommand(root: string, makefile?: string): string | undefined {
  if (makefile) {
    try {
      const text = readFileSync(path.join(root, makefile), 'utf8');
      for (const target of MAKE_TEST_TARGETS) {
        if (new RegExp(`^${target.replace('-', '\\-')}\\s*:(?!=)`, 'm').test(text)) return `make ${target}`;
      }
    } catch {
      // unreadable Makefile: no guess
    }
  }
  const pkg = path.join(root, 'package.json');
  if (existsSync(pkg)) {
    try {
      if ((JSON.parse(readFileSync(pkg, 'utf8')) as { scripts?: Record<string, string> }).scripts?.test) return 'npm test';
    } catch {
      // invalid package.json: no guess
    }
  }
  return undefined;
}
