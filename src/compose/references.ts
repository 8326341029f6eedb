/**
 * Where a file that is about to be renamed (e.g. `.env`) is referred to: compose files
 * (env_file, bind-mount sources), Makefiles, shell scripts, CI workflows, docs, Dockerfiles,
 * ignore files. Only whole path tokens count: `.env.example`, `.envrc`, `.env.test` are other files.
 */
import path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { ProjectFs } from '../engine/project-fs.js';
import { isServiceLevel, walkPairs } from './derive-common.js';
import { splitMount } from './merge.js';
import { parseComposeText } from './parse.js';
import { compareNames } from '../engine/compare-names.js';

export interface Reference {
  file: string;
  line: number;
  col: number;
  /** The whole line, trimmed (no values: env files themselves are never scanned). */
  text: string;
  /** The path token as written, e.g. `./.env`. */
  token: string;
  rewritable: boolean;
  reason: string;
}

export type FileRole = 'compose' | 'makefile' | 'script' | 'ci' | 'doc' | 'dockerfile' | 'ignore';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.migrate-wizard', 'vendor', '.venv', 'venv', 'dist', 'build', 'backups', '__pycache__', '.tox']);
const MAX_DEPTH = 6;
const MAX_BYTES = 1024 * 1024;

/** What discovery and scanning need: the project as actions see it (the overlay during preflight). */
export type ProjectSource = Pick<ProjectFs, 'read' | 'list' | 'folders'>;

/** Which files are worth scanning, by role, through `source` so files planned but not yet written count too. */
export async function discoverFiles(source: ProjectSource): Promise<{ path: string; role: FileRole }[]> {
  const out: { path: string; role: FileRole }[] = [];
  const walk = async (rel: string, depth: number) => {
    const [files, folders] = await Promise.all([source.list(rel), source.folders(rel)]);
    const entries = [...files.map((name) => ({ name, folder: false })), ...folders.map((name) => ({ name, folder: true }))];
    for (const e of entries.sort((a, b) => compareNames(a.name, b.name))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.folder) {
        if (depth < MAX_DEPTH && !SKIP_DIRS.has(e.name)) await walk(p, depth + 1);
        continue;
      }
      const role = roleOf(p);
      if (role) out.push({ path: p, role });
    }
  };
  await walk('', 0);
  return out;
}

export function roleOf(p: string): FileRole | undefined {
  const base = path.posix.basename(p);
  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i.test(base) || /compose.*\.ya?ml$/i.test(base)) return 'compose';
  if (/^(GNUmakefile|makefile|Makefile)$/.test(base) || base.endsWith('.mk')) return 'makefile';
  if (base.endsWith('.sh') || base.endsWith('.bash')) return 'script';
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(p) || base === '.gitlab-ci.yml') return 'ci';
  if (/\.(md|markdown|rst|txt)$/i.test(base) && !/^requirements/.test(base)) return 'doc';
  if (/^Dockerfile/.test(base) || base.endsWith('.Dockerfile') || base.endsWith('.dockerfile')) return 'dockerfile';
  if (base === '.gitignore' || base === '.dockerignore') return 'ignore';
  return undefined;
}

/** Path tokens ending in the target's base name, not followed by more name characters. */
function tokenRegex(baseName: string): RegExp {
  const b = baseName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.\\-/])((?:\\$\\(\\w+\\)|\\$\\{\\w+\\}|\\$\\w+|[\\w.\\-]+)?(?:/[\\w.\\-]+)*/)?${b}(?![\\w.\\-])`, 'g');
}

/** Does the token (as written in `file`) point at `target` (project-relative)? */
function pointsAt(token: string, file: string, role: FileRole, target: string): boolean {
  if (token.startsWith('/')) return false;
  // `$(PWD)/.env`, `${PROJECT_DIR}/.env`: a variable prefix stands for the project folder.
  const t = token.replace(/^(\$\(\w+\)|\$\{\w+\}|\$\w+)\//, '');
  // Compose resolves relative to the compose file; everything else runs from the project root.
  const base = role === 'compose' ? path.posix.dirname(file) : '.';
  return path.posix.normalize(path.posix.join(base, t)) === path.posix.normalize(target);
}

export async function findReferences(
  source: ProjectSource,
  target: string,
  opts: { files?: { path: string; role: FileRole }[] } = {},
): Promise<Reference[]> {
  const files = opts.files ?? (await discoverFiles(source));
  const re = tokenRegex(path.posix.basename(target));
  const out: Reference[] = [];
  for (const { path: file, role } of files) {
    if (file === target) continue;
    const buf = await source.read(file);
    if (!buf || buf.length > MAX_BYTES || buf.includes(0)) continue;
    // A file that is not UTF-8 could not be written back byte for byte: report only.
    let text: string;
    let utf8 = true;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
    } catch {
      text = buf.toString('latin1');
      utf8 = false;
    }
    const composeSpans = role === 'compose' && utf8 ? rewritableComposeSpans(text, file) : undefined;
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    for (const m of text.matchAll(re)) {
      const token = m[0];
      if (!pointsAt(token, file, role, target)) continue;
      const offset = m.index!;
      let line = lineStarts.length - 1;
      while (lineStarts[line] > offset) line--;
      const lineText = text.slice(lineStarts[line], (text.indexOf('\n', offset) + 1 || text.length + 1) - 1).replace(/\r$/, '');
      const { rewritable, reason } = utf8 ? judge(role, offset, composeSpans, lineText, token) : { rewritable: false, reason: 'not UTF-8 text: not rewritten, edit it by hand' };
      out.push({ file, line: line + 1, col: offset - lineStarts[line] + 1, text: lineText.trim(), token, rewritable, reason });
    }
  }
  return out;
}

function judge(role: FileRole, offset: number, spans: [number, number][] | undefined | null, lineText: string, token: string): { rewritable: boolean; reason: string } {
  switch (role) {
    case 'compose':
      if (spans === null) return { rewritable: false, reason: 'compose file that does not parse; fix it first' };
      if (spans!.some(([s, e]) => offset >= s && offset < e)) return { rewritable: true, reason: 'compose env_file / bind-mount source' };
      if (/^\s*#/.test(lineText)) return { rewritable: false, reason: 'compose comment: reported, not rewritten' };
      return { rewritable: false, reason: 'compose value that is not an env_file or bind source (likely a path inside the container): check by hand' };
    case 'makefile':
      return { rewritable: true, reason: 'Makefile' };
    case 'script':
      return { rewritable: true, reason: 'shell script' };
    case 'ci':
      return { rewritable: true, reason: 'CI workflow' };
    case 'doc':
      return { rewritable: false, reason: 'documentation: reported, never rewritten' };
    case 'dockerfile':
      return { rewritable: false, reason: `Dockerfile: ${token} is in the build context; check whether the image should contain it at all` };
    case 'ignore':
      return { rewritable: false, reason: 'ignore file: the renamed file must stay ignored (the env.rename action adds the new names)' };
  }
}

/** Offsets of env_file values and bind-mount sources in a compose file; null if it does not parse. */
function rewritableComposeSpans(text: string, file: string): [number, number][] | null {
  let parsed;
  try {
    parsed = parseComposeText(text, file);
  } catch {
    return null;
  }
  const spans: [number, number][] = [];
  const add = (n: unknown, len?: number) => {
    const r = (n as Node | null)?.range;
    if (isScalar(n) && r) spans.push([r[0], len === undefined ? r[1] : r[0] + len + 1]);
  };
  walkPairs(parsed.doc.contents, ({ pair, path: p }) => {
    if (isServiceLevel(p, 'env_file')) {
      const v = pair.value;
      if (isSeq(v)) for (const item of v.items) (isMap(item) ? add(item.get('path', true)) : add(item));
      else add(v);
    }
    if (isServiceLevel(p, 'volumes') && isSeq(pair.value)) {
      for (const item of pair.value.items) {
        if (isScalar(item) && typeof item.value === 'string') {
          const parts = splitMount(item.value);
          if (parts.length > 1) add(item as Scalar, parts[0].length);
        } else if (isMap(item)) add(item.get('source', true));
      }
    }
  });
  return spans;
}

/**
 * The file's new text with every rewritable reference pointing at `to` (same folder as the
 * old name). Positions come from findReferences on this same text.
 */
export function rewriteReferences(text: string, refs: Reference[], to: string): string {
  const newBase = path.posix.basename(to);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const edits = refs
    .filter((r) => r.rewritable)
    .map((r) => ({ offset: lineStarts[r.line - 1] + r.col - 1, token: r.token }))
    .sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of edits) {
    if (out.slice(e.offset, e.offset + e.token.length) !== e.token) throw new Error(`reference moved: ${e.token} at ${e.offset}`);
    const replacement = e.token.slice(0, e.token.length - path.posix.basename(e.token).length) + newBase;
    out = out.slice(0, e.offset) + replacement + out.slice(e.offset + e.token.length);
  }
  return out;
}

export interface NameReference {
  file: string;
  line: number;
  col: number;
  name: string;
  text: string;
}

/**
 * Uses of container names that a derivation renames (`docker exec shop-db ...`, `DB_HOST=shop-db`).
 * Reported only: after the rename, the old name resolves nowhere. A container name equal to its
 * service name is not looked for (the service name keeps resolving inside the project).
 */
export async function findNameReferences(source: ProjectSource, names: string[], opts: { files?: { path: string; role: FileRole }[] } = {}): Promise<NameReference[]> {
  const wanted = [...new Set(names)].filter((n) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(n));
  if (wanted.length === 0) return [];
  const files = (opts.files ?? (await discoverFiles(source))).filter((f) => f.role !== 'ignore');
  const re = new RegExp(`(?<![\\w.\\-])(${wanted.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w\\-]|\\.\\w)`, 'g');
  const out: NameReference[] = [];
  for (const { path: file } of files) {
    const buf = await source.read(file);
    if (!buf || buf.length > MAX_BYTES || buf.includes(0)) continue;
    const lines = buf.toString('utf8').split('\n');
    lines.forEach((raw, i) => {
      const line = raw.replace(/\r$/, '');
      if (/^\s*container_name\s*:/.test(line)) return;
      for (const m of line.matchAll(re)) out.push({ file, line: i + 1, col: m.index! + 1, name: m[1], text: line.trim() });
    });
  }
  return out;
}
