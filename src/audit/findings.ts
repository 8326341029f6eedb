/**
 * The audit's unit of output: one thing in one file that should change before (or during)
 * the move to containers. Rendered as a checklist item (Markdown) and as JSON.
 */
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Order of areas inside a priority group, as a human-written audit lists them. */
export const AREAS = ['root docs', 'build config', 'CI workflows', 'Makefile', 'setup scripts', 'test scripts', 'docs'] as const;
export type Area = (typeof AREAS)[number];

/** Rough size of the fix: xs ≤ 15 min, s ≤ 1 h, m ≤ half a day, l ≥ a day. */
export type Effort = 'xs' | 's' | 'm' | 'l';
export const EFFORT_LABEL: Record<Effort, string> = { xs: '≤15 min', s: '≤1 h', m: '≤½ day', l: '1 day+' };

/** Every kind of finding the audit can report (the `rule` of a Finding). */
export const RULES = [
  // virtualenv workflows that containers should replace
  'venv.create',
  'venv.activate',
  'venv.pip-install',
  'venv.tool-env',
  'venv.requirements-local',
  'venv.committed-env-dir',
  // compose
  'compose.port-conflict',
  'compose.container-name',
  'compose.depends-without-healthcheck',
  'compose.bind-source-missing',
  'compose.sleep-infinity',
  // Dockerfiles
  'dockerfile.root-user',
  'dockerfile.base-unpinned',
  'dockerfile.base-no-digest',
  'dockerfile.copy-before-install',
  'dockerfile.single-stage-build-tools',
  'dockerfile.no-healthcheck',
  'dockerfile.duplicate-requirements',
  'dockerfile.no-dockerignore',
  'dockerfile.dockerignore-missing-env',
  // secrets
  'secret.dockerfile-env',
  'secret.env-file',
] as const;
export type Rule = (typeof RULES)[number];

export interface Finding {
  /** Stable id: `<rule>@<file>:<line>`. */
  id: string;
  rule: Rule;
  priority: Priority;
  area: Area;
  /** Project-relative POSIX path. */
  file: string;
  /** 1-based, inclusive. */
  line: number;
  endLine: number;
  /** The line as written, trimmed, with secret values masked. */
  evidence: string;
  /** One-line summary for the checklist. */
  title: string;
  why: string;
  action: string;
  effort: Effort;
  /** Other places that belong to the same fix (e.g. the other Dockerfiles installing the same requirements). */
  related?: { file: string; line: number }[];
}

export function makeFinding(f: Omit<Finding, 'id' | 'endLine' | 'evidence'> & { endLine?: number; evidence: string }): Finding {
  return {
    id: `${f.rule}@${f.file}:${f.line}`,
    ...f,
    endLine: Math.max(f.endLine ?? f.line, f.line),
    evidence: maskSecrets(f.evidence.trim()).slice(0, 240),
  };
}

/** Key names that usually hold credentials. */
export const SECRET_KEY = /(password|passwd|(^|[_-])pass($|[_-])|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|auth[_-]?key|client[_-]?secret|_pwd$|(^|_)key$|signing[_-]?key|encryption[_-]?key|(^|_)salt$)/i;

/** Names that hold a reference to a secret (a file, a path, a length), not the secret itself. */
const SECRET_REFERENCE = /(_file|_path|_dir|_name|_host|_port|_user|_username|_length|_id|_env|_enabled|_url)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !SECRET_REFERENCE.test(key);
}

/** A value that is obviously not a real secret: empty, a placeholder, or a reference to another variable. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '').trim();
  if (v === '') return true;
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*/.test(v)) return true; // ${OTHER} / $OTHER
  if (/^<.*>$/.test(v)) return true; // <your-token>
  if (/^(x+|\*+|\.\.\.|-|changeme|change[-_]?me|replace[-_]?me|todo|tbd|none|null|secret|password|example|your[-_].*|dummy|placeholder|fixme)$/i.test(v)) return true;
  return false;
}

/**
 * Mask anything that looks like a credential value in a line: `KEY=value`, `KEY: value`,
 * `--password value`, URLs with user:password@. Keys stay readable; values become `****`.
 */
export function maskSecrets(line: string): string {
  let out = line.replace(/([A-Za-z0-9_.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s"';,]+)/g, (m, key: string, sep: string, value: string) => {
    if (!key || !isSecretKey(key)) return m;
    if (isPlaceholderValue(value)) return m;
    return `${key}${sep}****`;
  });
  out = out.replace(/(--?[A-Za-z-]*(password|token|secret)[A-Za-z-]*)(\s+|=)([^\s"']+|"[^"]*"|'[^']*')/gi, (m, flag: string, _w: string, sep: string, value: string) =>
    isPlaceholderValue(value) ? m : `${flag}${sep}****`,
  );
  out = out.replace(/(\w+:\/\/[^:/\s@]+:)([^@\s/]+)@/g, (m, pre: string, pw: string) => (isPlaceholderValue(pw) ? m : `${pre}****@`));
  return out;
}

const PRIORITY_RANK: Record<Priority, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const AREA_RANK = Object.fromEntries(AREAS.map((a, i) => [a, i])) as Record<Area, number>;

/** Priority, then area, then file and line: the order of the checklist. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    AREA_RANK[a.area] - AREA_RANK[b.area] ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}
