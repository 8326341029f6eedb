import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * Folders never worth reading: VCS internals, dependency caches and vendored code, virtualenv
 * and tool caches, the wizard's own state. A folder holding `pyvenv.cfg` is a virtualenv
 * whatever its name; the walk reports it (committed envs are a finding) and does not descend.
 */
const SKIP_DIRS = new Set([
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', 'vendor', 'third_party', 'third-party',
  '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.tox', '.nox', 'site-packages',
  '.migrate-wizard', '.venv', '.idea', '.gradle', '.terraform', '.yarn', '.pnpm-store', '.next', '.cache',
]);

export interface WalkEntry {
  /** Project-relative POSIX path. */
  rel: string;
  abs: string;
}

export interface WalkEvents {
  /** A folder that is a virtualenv (has pyvenv.cfg) and is not ignored by git. */
  onVirtualenvDir?(rel: string): void;
}

interface IgnoreLayer {
  /** Folder the .gitignore lives in, '' for the root, else 'a/b/'. */
  base: string;
  ig: Ignore;
}

function loadIgnore(file: string): Ignore | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return ignore({ allowRelativePaths: true }).add(text);
}

/** .gitignore files as a stack of layers, each matched against paths relative to its own folder. */
export class GitIgnores {
  private layers: IgnoreLayer[] = [];

  constructor(root: string) {
    const rootIg = ignore({ allowRelativePaths: true });
    for (const f of ['.git/info/exclude', '.gitignore']) {
      const ig = loadIgnore(path.join(root, f));
      if (ig) rootIg.add(ig);
    }
    this.layers.push({ base: '', ig: rootIg });
  }

  /** Push the .gitignore of `relDir` (if any); returns whether a layer was pushed. */
  enter(root: string, relDir: string): boolean {
    if (relDir === '') return false;
    const ig = loadIgnore(path.join(root, relDir, '.gitignore'));
    if (!ig) return false;
    this.layers.push({ base: relDir + '/', ig });
    return true;
  }

  leave(): void {
    this.layers.pop();
  }

  ignores(rel: string, isDir: boolean): boolean {
    const p = isDir ? rel + '/' : rel;
    for (const layer of this.layers) {
      if (!p.startsWith(layer.base)) continue;
      const sub = p.slice(layer.base.length);
      if (sub && layer.ig.ignores(sub)) return true;
    }
    return false;
  }
}

/**
 * Every file in the project that git would see, depth-first, in sorted order (so output is
 * stable). Symlinks are not followed. Synchronous on purpose: for tens of thousands of small
 * directory reads, sync calls beat the thread-pool round trips of the async API.
 */
export function* walkRepo(root: string, events: WalkEvents = {}): Generator<WalkEntry> {
  const ignores = new GitIgnores(root);
  yield* walkDir(root, '', ignores, events);
}

function* walkDir(root: string, relDir: string, ignores: GitIgnores, events: WalkEvents): Generator<WalkEntry> {
  const absDir = relDir ? path.join(root, relDir) : root;
  let entries;
  try {
    entries = readdirSync(absDir, { withFileTypes: true });
  } catch {
    return; // unreadable folder: nothing to audit there
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const pushed = ignores.enter(root, relDir);
  try {
    for (const e of entries) {
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name)) {
          if (e.name === '.venv' && !ignores.ignores(rel, true) && existsSync(path.join(root, rel, 'pyvenv.cfg'))) events.onVirtualenvDir?.(rel);
          continue;
        }
        if (ignores.ignores(rel, true)) continue;
        if (existsSync(path.join(root, rel, 'pyvenv.cfg'))) {
          events.onVirtualenvDir?.(rel);
          continue;
        }
        yield* walkDir(root, rel, ignores, events);
      } else if (e.isFile()) {
        if (ignores.ignores(rel, false)) continue;
        yield { rel, abs: path.join(root, rel) };
      }
    }
  } finally {
    if (pushed) ignores.leave();
  }
}
