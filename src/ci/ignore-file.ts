/**
 * Just enough .gitignore / .dockerignore matching to decide whether a path is already
 * ignored (so nothing is added twice, even when the user wrote `/.env` or `.env*`), and
 * whether an example file would be ignored (so the `!` exception is added only when needed).
 * Rules: the last matching line wins; `!` negates; a leading `/` (or any inner `/`) anchors
 * to the root; a trailing `/` matches folders only; `*`, `?`, `**` as in git.
 */
export interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  anchored: boolean;
  re: RegExp;
  line: string;
}

export function parseIgnore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.startsWith('/') || line.slice(0, -1).includes('/');
    line = line.replace(/^\//, '');
    rules.push({ negate, dirOnly, anchored, re: globToRegExp(line), line: raw });
  }
  return rules;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      // `**/` is zero or more whole folders: `**/.env` matches `.env` and `a/.env`, not `secrets.env`.
      if (glob[i + 1] === '/') {
        re += '(?:.*/)?';
        i++;
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) re += escapeRe(glob[++i]);
    else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** Is `path` (relative, no leading slash) ignored? `dir`: it is a folder. */
export function isIgnored(rules: IgnoreRule[], path: string, dir = false): boolean {
  let ignored = false;
  for (const r of rules) {
    if (r.dirOnly && !dir) continue;
    const hit = r.anchored ? r.re.test(path) : r.re.test(path) || r.re.test(path.split('/').pop()!);
    if (hit) ignored = !r.negate;
  }
  return ignored;
}

export interface IgnoreWant {
  /** The line to add when the path is not ignored yet. */
  pattern: string;
  /** The path that must end up ignored (or, for a `!` line, not ignored). */
  path: string;
  dir?: boolean;
}

/** Lines to append so every wanted path ends up as wanted; [] when the file already does it. */
export function missingIgnoreLines(text: string, wants: IgnoreWant[]): string[] {
  const add: string[] = [];
  for (const w of wants) {
    const rules = parseIgnore([text, ...add].join('\n'));
    const negate = w.pattern.startsWith('!');
    const ignored = isIgnored(rules, w.path, w.dir);
    if (negate ? ignored : !ignored) add.push(w.pattern);
  }
  return add;
}
