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
  '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.tox', '.nox', 'site-packages', 'dist-packages',
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
  /** Cheap pre-test for files: can any rule of this layer match this basename at all? */
  mayMatchFile: (basename: string) => boolean;
}

interface Loaded {
  ig: Ignore;
  text: string;
}

function loadIgnore(file: string): Loaded | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return { ig: ignore({ allowRelativePaths: true }).add(text), text };
}

/**
 * Most .gitignore rules are a plain name (`secret.txt`), a suffix (`*.log`) or a folder
 * (`build/`). Folders are checked when the walk reaches them (it never enters an ignored one),
 * so for a file only a rule that could match its basename matters; anything fancier (a path,
 * a glob in the middle, an escape) sends every file of that layer to the full matcher. This
 * keeps the full matcher off the hot path of tens of thousands of files.
 */
function filePreTest(texts: string[]): (basename: string) => boolean {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  let any = false;
  for (const text of texts) {
    for (let line of text.split(/\r?\n/)) {
      line = line.replace(/\s+$/, '');
      if (!line || line.startsWith('#') || line.startsWith('!')) continue; // negations only un-ignore
      if (line.endsWith('/')) continue; // folders only
      if (line.startsWith('\\') || line.includes('**')) {
        any = true;
        continue;
      }
      const body = line.startsWith('/') ? line.slice(1) : line;
      if (body.includes('/')) any = true;
      else if (!/[*?[\]]/.test(body)) exact.add(body);
      else if (/^\*[^*?[\]]+$/.test(body)) suffixes.push(body.slice(1));
      else any = true;
    }
  }
  if (any) return () => true;
  return (name) => exact.has(name) || suffixes.some((s) => name.endsWith(s));
}

/** .gitignore files as a stack of layers, each matched against paths relative to its own folder. */
export class GitIgnores {
  private layers: IgnoreLayer[] = [];

  constructor(root: string) {
    const rootIg = ignore({ allowRelativePaths: true });
    const texts: string[] = [];
    for (const f of ['.git/info/exclude', '.gitignore']) {
      const loaded = loadIgnore(path.join(root, f));
      if (loaded) {
        rootIg.add(loaded.ig);
        texts.push(loaded.text);
      }
    }
    this.layers.push({ base: '', ig: rootIg, mayMatchFile: filePreTest(texts) });
  }

  /** Push the .gitignore of `relDir` (if any); returns whether a layer was pushed. */
  enter(root: string, relDir: string): boolean {
    if (relDir === '') return false;
    return this.enterKnown(root, relDir);
  }

  /** Same, when the caller already knows the folder has a .gitignore (no failed open per folder). */
  enterKnown(root: string, relDir: string): boolean {
    const loaded = loadIgnore(path.join(root, relDir, '.gitignore'));
    if (!loaded) return false;
    this.layers.push({ base: relDir + '/', ig: loaded.ig, mayMatchFile: filePreTest([loaded.text]) });
    return true;
  }

  leave(): void {
    this.layers.pop();
  }

  ignores(rel: string, isDir: boolean): boolean {
    const p = isDir ? rel + '/' : rel;
    const name = isDir ? '' : rel.slice(rel.lastIndexOf('/') + 1);
    for (const layer of this.layers) {
      if (!p.startsWith(layer.base)) continue;
      if (!isDir && !layer.mayMatchFile(name)) continue;
      const sub = p.slice(layer.base.length);
      if (sub && layer.ig.ignores(sub)) return true;
    }
    return false;
  }
}

/**
 * Every file in the project that git would see, depth-first. Symlinks are not followed.
 * Synchronous on purpose: for tens of thousands of small directory reads, sync calls beat the
 * thread-pool round trips of the async API. Order follows the directory listing; callers sort
 * what they report.
 */
export function walkRepo(root: string, events: WalkEvents = {}): WalkEntry[] {
  const out: WalkEntry[] = [];
  forEachFile(root, (rel, abs) => out.push({ rel, abs }), events);
  return out;
}

/** The same walk without building a list: `onFile` is called for each file as it is found. */
export function forEachFile(root: string, onFile: (rel: string, abs: string) => void, events: WalkEvents = {}): void {
  walkDir(root, '', new GitIgnores(root), events, onFile);
}

function walkDir(root: string, relDir: string, ignores: GitIgnores, events: WalkEvents, onFile: (rel: string, abs: string) => void): void {
  const absDir = relDir ? root + '/' + relDir : root;
  let entries;
  try {
    entries = readdirSync(absDir, { withFileTypes: true });
  } catch {
    return; // unreadable folder: nothing to audit there
  }
  // Decided from the listing itself: no extra stat or failed open per folder.
  let hasGitignore = false;
  for (const e of entries) {
    if (e.name === 'pyvenv.cfg' && relDir && e.isFile()) {
      events.onVirtualenvDir?.(relDir);
      return;
    }
    if (e.name === '.gitignore') hasGitignore = true;
  }
  const pushed = relDir !== '' && hasGitignore && ignores.enterKnown(root, relDir);
  try {
    for (const e of entries) {
      const rel = relDir ? relDir + '/' + e.name : e.name;
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || e.name.endsWith('.egg-info') || e.name.endsWith('.dist-info')) {
          if (e.name === '.venv' && !ignores.ignores(rel, true) && existsSync(path.join(root, rel, 'pyvenv.cfg'))) events.onVirtualenvDir?.(rel);
          continue;
        }
        if (ignores.ignores(rel, true)) continue;
        walkDir(root, rel, ignores, events, onFile);
      } else if (e.isFile()) {
        if (ignores.ignores(rel, false)) continue;
        onFile(rel, absDir + '/' + e.name);
      }
    }
  } finally {
    if (pushed) ignores.leave();
  }
}
