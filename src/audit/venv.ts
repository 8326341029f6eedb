import type { Area, Finding, Rule } from './findings.js';
import { makeFinding } from './findings.js';

/**
 * Virtualenv workflows: lines that create, activate or fill a host Python environment, which a
 * container should replace. Dockerfiles and compose files are never scanned here: a venv or a
 * `pip install` inside an image is how images are built, not a host workflow.
 */

type VenvKind = 'create' | 'activate' | 'tool' | 'pip';

/**
 * Cheap test on a file's raw bytes; only files that pass get a line-by-line look. Every pattern
 * below contains one of these literally (`Activate.ps1` via "ctivate", `pip install` via
 * "install", …); `.sh`/`.ps1`/`.bat` catch lines that run a setup script.
 */
export const VENV_NEEDLES: readonly Buffer[] = ['venv', 'virtualenv', 'ctivate', 'install', 'poetry', 'pipenv', 'hatch', 'tox', 'nox', 'conda', 'uv sync', 'pip-sync', 'workon', 'EnvBuilder', 'VENV', '.sh', '.ps1', '.bat'].map((s) => Buffer.from(s));

// Case matters: `venv/scripts/common` (a folder list) is not `venv\\Scripts\\pip`.
const VENV_BIN = /(?:\$[({]\w*(?:VENV|[Vv]env)\w*[)}]|(?:venv|virtualenv|VENV)\d*)[\\/](?:bin|Scripts)[\\/](?!activate)\w+/;

const CMD = String.raw`(?:^|[;&|(\x60]\s*|\bsudo\s+|\bexec\s+|\bthen\s+|\bdo\s+|\bcall\s+)`;

const PATTERNS: { kind: VenvKind; re: RegExp; what: string }[] = [
  // Only venv creation uses `-m venv`, whatever the interpreter is called ($(PYTHON), py -3, sys.executable).
  { kind: 'create', re: /(?<![\w-])-m\s+venv\b/, what: 'python -m venv' },
  { kind: 'create', re: /(?<![\w-])-m\s+virtualenv\b/, what: 'python -m virtualenv' },
  { kind: 'create', re: new RegExp(CMD + String.raw`(?:mkvirtualenv|virtualenv)\s+(?!==|>=)\S`), what: 'virtualenv' },
  { kind: 'create', re: /\buv\s+venv\b/, what: 'uv venv' },
  { kind: 'create', re: /\bconda\s+(?:env\s+)?create\b/, what: 'conda create' },
  { kind: 'activate', re: /(?:^|[\s;&|(])(?:source|\.)\s+["']?[^\s;&|"']*bin\/activate\b/, what: 'source …/bin/activate' },
  { kind: 'activate', re: /[\\/]Scripts[\\/]activate(?:\.bat|\.ps1)?\b/i, what: 'Scripts\\activate' },
  { kind: 'activate', re: /\bActivate\.ps1\b/, what: 'Activate.ps1' },
  { kind: 'activate', re: new RegExp(CMD + String.raw`workon\s+\S`), what: 'workon' },
  { kind: 'activate', re: /\bconda\s+activate\b/, what: 'conda activate' },
  { kind: 'tool', re: /\bpoetry\s+(?:install|shell|env\s+use)\b/, what: 'poetry install' },
  { kind: 'tool', re: /\bpipenv\s+(?:install|sync|shell)\b/, what: 'pipenv install' },
  { kind: 'tool', re: /\bhatch\s+(?:env\s+create|shell)\b/, what: 'hatch env' },
  { kind: 'tool', re: /\bpdm\s+(?:install|sync)\b/, what: 'pdm install' },
  { kind: 'tool', re: /\buv\s+sync\b/, what: 'uv sync' },
  { kind: 'tool', re: new RegExp(CMD + String.raw`(?:python[0-9.]*\s+-m\s+)?tox(?:\s+-|\s*$|\s+(?:run|r|p|run-parallel)\b)`), what: 'tox' },
  { kind: 'tool', re: new RegExp(CMD + String.raw`(?:python[0-9.]*\s+-m\s+)?nox(?:\s+-|\s*$)`), what: 'nox' },
  { kind: 'pip', re: /\bpip[0-9.]*\s+install\b[^#]*?\s(?:-r|--requirement)(?:\s|=)\s*\S/, what: 'pip install -r' },
  { kind: 'pip', re: /\bpip[0-9.]*\s+install\b[^#]*?\s(?:-e|--editable)(?:\s|=)\s*\S/, what: 'pip install -e' },
  { kind: 'pip', re: /\bpip-sync\b/, what: 'pip-sync' },
  // Running tools straight out of a venv folder (`.venv/bin/pytest`, `$(VENV)/bin/python`).
  { kind: 'activate', re: VENV_BIN, what: 'venv/bin/…' },
];

/** Only counts next to a stronger match: alone it may be packaging or linting, not an environment. */
const WEAK: { re: RegExp; what: string }[] = [{ re: /uses:\s*["']?actions\/setup-python\b/, what: 'actions/setup-python' }];

/** Commands that run inside a container: whatever they install lands in the container. */
const IN_CONTAINER = /\b(?:docker|podman|nerdctl)(?:-compose|\s+compose)?\s+(?:container\s+)?(?:run|exec|build)\b|\bdocker-compose\s+(?:run|exec)\b|\bkubectl\s+exec\b|^\s*RUN\s/i;
/** Prose that mentions a venv workflow to say it is gone or to be avoided. */
const NEGATION_BEFORE = /\b(?:instead of|no longer|no need|don'?t|do not|never|rather than|replac(?:es|ed|ing)|without|avoid|used to|we removed)\b/i;
/** …or anywhere when it judges the workflow itself ("`python -m venv` is no longer needed"). */
const NEGATION_ANYWHERE = /\b(?:not needed|no longer (?:needed|required|used|supported)|unnecessary|legacy|deprecated|obsolete|old way|was removed|is gone)\b/i;

function negated(line: string, at: number): boolean {
  return NEGATION_ANYWHERE.test(line) || NEGATION_BEFORE.test(line.slice(0, Math.max(0, at)));
}

export interface VenvMatch {
  line: number;
  kind: VenvKind;
  what: string;
  text: string;
  /** Reported only when a stronger match is close by. */
  weak?: boolean;
}

const SCRIPT_EXT_HINT = /\.(?:sh|bash|ps1|bat|cmd|py)\b/;
const SCRIPT_MENTION = /(?:^|[\s`'"(=])((?:\.{0,2}[\\/])*[\w.\\/-]*?[\w-]+\.(?:sh|bash|ps1|bat|cmd|py))(?=$|[\s`'"),;:&|])/g;

/** Every pattern contains one of these literally; lines without any skip the pattern list. */
const LINE_HINT = /venv|virtualenv|ctivate|install|poetry|pipenv|hatch|tox|nox|conda|uv sync|pip-sync|workon|EnvBuilder|VENV|Scripts/;

/** First venv pattern a command line matches, unless it runs inside a container. */
export function matchCommand(line: string): { kind: VenvKind; what: string } | null {
  if (!LINE_HINT.test(line) || IN_CONTAINER.test(line)) return null;
  for (const p of PATTERNS) if (p.re.test(line)) return { kind: p.kind, what: p.what };
  return null;
}

/** How a file's lines are read: as commands, as Python source, or as prose with code blocks. */
export type ScanMode = 'script' | 'python' | 'markdown' | 'rst' | 'text';

const PROMPT = /^\s*(?:[$>%#]|PS[^>]*>|C:\\[^>]*>)\s+/;
const LEAD = /^\s*(?:-\s+|run:\s*[|>]?\s*|script:\s*|command:\s*|@|-)?\s*/;
const SHELL_LANGS = /^(?:|bash|sh|shell|console|shell-session|zsh|powershell|ps1|pwsh|bat|batch|cmd|dos|text|txt|none|make|makefile)$/i;

/**
 * A line-at-a-time scanner, fed by the streaming reader. Keeps just enough state for code
 * fences, docstrings and backslash continuations.
 */
export class VenvLineScanner {
  readonly matches: VenvMatch[] = [];
  private fence: { marker: string; shell: boolean } | null = null;
  private rstCode = false;
  private rstCodeArmed = false;
  private docstring: string | null = null;
  private pending: { start: number; text: string } | null = null;

  constructor(private readonly mode: ScanMode) {}

  /** Script files a line names (`./scripts/setup.sh`, `bootstrap.ps1`), to join later if that script sets up a venv. */
  readonly mentions: { line: number; text: string; path: string }[] = [];

  push(raw: string, lineNo: number): void {
    if (this.mode !== 'python' && SCRIPT_EXT_HINT.test(raw) && !/^\s*(?:#|\/\/|rem\s|::)/i.test(raw)) {
      for (const m of raw.matchAll(SCRIPT_MENTION)) {
        if (!negated(raw, m.index ?? 0)) this.mentions.push({ line: lineNo, text: raw, path: m[1]!.replace(/\\/g, '/').replace(/^(?:\.{1,2}\/)+/, '') });
      }
    }
    switch (this.mode) {
      case 'script':
        return this.script(raw, lineNo);
      case 'python':
        return this.python(raw, lineNo);
      case 'markdown':
        return this.markdown(raw, lineNo);
      case 'rst':
        return this.rst(raw, lineNo);
      case 'text':
        return this.prose(raw, lineNo);
    }
  }

  end(): void {
    if (this.pending) this.command(this.pending.text, this.pending.start);
    this.pending = null;
  }

  private record(lineNo: number, text: string, m: { kind: VenvKind; what: string }): void {
    this.matches.push({ line: lineNo, kind: m.kind, what: m.what, text });
  }

  /** Shell/Make variables that hold a venv path (`PY := $(VENV)/bin/python`). */
  private venvVars = new Set<string>();

  private command(text: string, lineNo: number): void {
    const line = text.replace(PROMPT, '').replace(LEAD, '');
    const assign = line.match(/^(?:export\s+)?([A-Za-z_]\w*)\s*(?::{1,3}=|[+?!]?=)\s*(.*)$/);
    if (assign && (VENV_BIN.test(' ' + assign[2]!) || /^["']?\.?(?:venv|virtualenv)["']?$/.test(assign[2]!.trim()))) this.venvVars.add(assign[1]!);
    let m = matchCommand(line);
    if (!m && this.venvVars.size && !IN_CONTAINER.test(line)) {
      for (const v of line.matchAll(/\$[({]?(\w+)[)}]?/g)) {
        if (this.venvVars.has(v[1]!) && !(assign && assign[1] === v[1])) {
          m = { kind: 'activate', what: 'venv/bin/…' };
          break;
        }
      }
    }
    if (m) {
      this.record(lineNo, text, m);
      return;
    }
    for (const w of WEAK) {
      if (w.re.test(line)) {
        this.matches.push({ line: lineNo, kind: 'pip', what: w.what, text, weak: true });
        return;
      }
    }
  }

  /** Inside a PowerShell `<# … #>` block comment (help text, not commands). */
  private blockComment = false;

  private script(raw: string, lineNo: number): void {
    const trimmed = raw.trim();
    if (this.blockComment) {
      if (trimmed.includes('#>')) this.blockComment = false;
      return;
    }
    if (trimmed.startsWith('<#')) {
      this.blockComment = !trimmed.includes('#>', 2);
      return;
    }
    if (!this.pending && (trimmed.startsWith('#') || /^(?:rem\s|::)/i.test(trimmed) || trimmed.startsWith('//'))) return;
    // Join `\` (sh, make) and backtick (PowerShell) continuations into one logical command.
    const cont = /(?:\\|\s`)$/.test(raw);
    const piece = cont ? raw.replace(/(?:\\|`)$/, ' ') : raw;
    if (this.pending) this.pending.text += ' ' + piece.trim();
    else this.pending = { start: lineNo, text: piece };
    if (!cont) {
      this.command(this.pending.text, this.pending.start);
      this.pending = null;
    }
  }

  private python(raw: string, lineNo: number): void {
    const trimmed = raw.trim();
    // Docstrings are documentation, not something the script runs.
    const quotes = trimmed.match(/"""|'''/g);
    if (this.docstring) {
      if (quotes && quotes.includes(this.docstring)) this.docstring = null;
      return;
    }
    if (quotes && quotes.length % 2 === 1 && /^(?:[rRbBuUfF]{0,2})("""|''')/.test(trimmed)) {
      this.docstring = quotes[0]!;
      return;
    }
    if (trimmed.startsWith('#') || trimmed === '') return;
    // ["python", "-m", "venv", ".venv"] → python -m venv .venv
    const flat = raw.replace(/["']\s*,\s*["']/g, ' ').replace(/sys\.executable\s*,\s*["']/g, 'python ');
    const m =
      matchCommand(flat) ??
      (/\bvenv\.(?:create|EnvBuilder)\s*\(|\bEnvBuilder\s*\(/.test(raw) ? { kind: 'create' as const, what: 'venv.create()' } : null);
    if (m) this.record(lineNo, raw, m);
  }

  private markdown(raw: string, lineNo: number): void {
    const fenceM = raw.match(/^\s*(`{3,}|~{3,})\s*([\w+-]*)/);
    if (this.fence) {
      if (fenceM && fenceM[1]!.startsWith(this.fence.marker) && raw.trim().replace(/[`~]/g, '') === '') {
        this.fence = null;
        return;
      }
      if (this.fence.shell) this.command(raw, lineNo);
      return;
    }
    if (fenceM) {
      this.fence = { marker: fenceM[1]!, shell: SHELL_LANGS.test(fenceM[2] ?? '') };
      return;
    }
    this.prose(raw, lineNo);
  }

  private rst(raw: string, lineNo: number): void {
    const indented = /^\s+\S/.test(raw);
    if (this.rstCode) {
      if (raw.trim() === '' || indented) {
        if (indented) this.command(raw, lineNo);
        return;
      }
      this.rstCode = false;
    }
    if (this.rstCodeArmed && raw.trim() === '') {
      this.rstCode = true;
      this.rstCodeArmed = false;
      return;
    }
    this.rstCodeArmed = false;
    const directive = raw.match(/^\s*\.\.\s+(?:code-block|code|sourcecode)::\s*(\S*)/);
    if (directive) {
      this.rstCodeArmed = SHELL_LANGS.test(directive[1] ?? '');
      return;
    }
    if (/::\s*$/.test(raw)) {
      this.rstCodeArmed = true;
    }
    this.prose(raw, lineNo);
  }

  /**
   * Prose: a line that *is* a command (optionally behind a prompt), or an inline code span
   * holding a whole command, counts unless the sentence says the workflow is gone.
   */
  private prose(raw: string, lineNo: number): void {
    if (!LINE_HINT.test(raw)) return;
    const stripped = raw.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').replace(PROMPT, '');
    const atStart = matchCommand(stripped);
    if (atStart) {
      // Only when the line starts with the command itself, not a sentence that names it.
      const first = stripped.trim().split(/\s+/)[0] ?? '';
      if (!negated(raw, raw.length) && /^(?:python[0-9.]*|py|virtualenv|mkvirtualenv|uv|conda|source|\.|pip[0-9.]*|poetry|pipenv|hatch|pdm|tox|nox|workon|pip-sync|[\w.~$%\\/-]*activate(?:\.bat|\.ps1)?|\.?[\\/]?[\w.-]+[\\/]Scripts[\\/]activate(?:\.bat)?)$/i.test(first)) {
        this.record(lineNo, raw, atStart);
        return;
      }
    }
    for (const span of raw.matchAll(/`([^`]+)`/g)) {
      const m = matchCommand(span[1]!);
      // A full command with an argument, not just the name of a tool, in a sentence that does not retire it.
      if (m && (m.kind === 'activate' || /\s\S/.test(span[1]!.trim())) && !negated(raw, span.index ?? 0)) {
        this.record(lineNo, raw, m);
        return;
      }
    }
  }
}

const KIND_RANK: Record<VenvKind, number> = { create: 0, activate: 1, tool: 2, pip: 3 };
const KIND_RULE: Record<VenvKind, Rule> = {
  create: 'venv.create',
  activate: 'venv.activate',
  tool: 'venv.tool-env',
  pip: 'venv.pip-install',
};

/** Lines this close together are one piece of workflow, so one checklist item (CI steps are wordier). */
const GROUP_GAP = 6;
const CI_GROUP_GAP = 10;

export function venvFindings(file: string, area: Area, matches: VenvMatch[]): Finding[] {
  const out: Finding[] = [];
  let group: VenvMatch[] = [];
  const flush = () => {
    if (group.length === 0) return;
    if (group.every((g) => g.weak)) {
      group = [];
      return;
    }
    const top = [...group].filter((g) => !g.weak).sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.line - b.line)[0]!;
    const whats = [...new Set(group.map((g) => g.what))];
    out.push(
      makeFinding({
        rule: KIND_RULE[top.kind],
        priority: venvPriority(area),
        area,
        file,
        line: group[0]!.line,
        endLine: group[group.length - 1]!.line,
        evidence: top.text,
        title: venvTitle(area, whats),
        why: venvWhy(area),
        action: venvAction(area),
        effort: area === 'CI workflows' ? 'm' : area === 'docs' || area === 'root docs' ? 'xs' : 's',
      }),
    );
    group = [];
  };
  for (const m of matches) {
    const last = group[group.length - 1];
    if (last && m.line - last.line > (area === 'CI workflows' ? CI_GROUP_GAP : GROUP_GAP)) flush();
    group.push(m);
  }
  flush();
  return out;
}

function venvPriority(area: Area): Finding['priority'] {
  if (area === 'docs') return 'low';
  if (area === 'root docs' || area === 'build config') return 'medium';
  return 'high';
}

function venvTitle(area: Area, whats: string[]): string {
  const list = whats.map((w) => `\`${w}\``).join(', ');
  switch (area) {
    case 'root docs':
    case 'docs':
      return `Docs instruct a virtualenv workflow (${list})`;
    case 'CI workflows':
      return `CI installs Python dependencies outside the project image (${list})`;
    case 'Makefile':
      return `Make target uses a host virtualenv (${list})`;
    case 'test scripts':
      return `Test script runs in a host virtualenv (${list})`;
    default:
      return `Setup script creates or uses a host virtualenv (${list})`;
  }
}

function venvWhy(area: Area): string {
  switch (area) {
    case 'root docs':
    case 'docs':
      return 'Developers following these steps get a host environment that drifts from the image; the docs will be wrong after the migration.';
    case 'CI workflows':
      return "CI installs into the runner's Python (or a generic python image), not the image you ship, so breakage that only shows in the container passes CI.";
    default:
      return "A host virtualenv differs from the container (Python version, system libraries, env vars); the container should be the one environment for dev and tests.";
  }
}

function venvAction(area: Area): string {
  switch (area) {
    case 'root docs':
    case 'docs':
      return 'Rewrite the steps to use the containers (`docker compose up`, `make dev`, `make test`); keep a host-venv note only if it is still supported.';
    case 'CI workflows':
      return 'Build the image in CI and run the same command inside it (`docker compose -f docker-compose.test.yml run --rm tests`).';
    case 'Makefile':
      return 'Make the target run inside the container (`docker compose run --rm app …`) and drop the venv steps.';
    case 'test scripts':
      return 'Run the tests in the test container (`docker compose -f docker-compose.test.yml run --rm tests …`) instead of a host venv.';
    default:
      return 'Replace the script with a container entry point (`docker compose run --rm app …`) or delete it once nobody needs a host venv.';
  }
}
