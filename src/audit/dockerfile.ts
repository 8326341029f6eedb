/**
 * A Dockerfile parser just deep enough for the audit: instructions with their line numbers,
 * joined continuation lines, stages with their base image, and `ARG` defaults before the first
 * FROM resolved into base images.
 */
export interface Instruction {
  /** Upper-cased keyword: FROM, RUN, COPY, ... */
  cmd: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  args: string;
  /** First and last physical line (1-based). */
  line: number;
  endLine: number;
  /** The first physical line as written. */
  raw: string;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased, if any. */
  name: string | null;
  /** Base image as written after resolving ARG defaults (may be an earlier stage's name). */
  base: string;
  /** True when `base` names an earlier stage rather than an image. */
  fromStage: boolean;
  fromLine: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  stages: Stage[];
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  /** Instructions before the first FROM (ARGs). */
  preamble: Instruction[];
  escape: string;
}

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  // Parser directives sit at the very top: `# escape=``.
  for (const l of lines) {
    const d = l.match(/^#\s*(\w+)\s*=\s*(\S+)\s*$/);
    if (!d) break;
    if (d[1]!.toLowerCase() === 'escape') escape = d[2]!;
  }
  const instructions: Instruction[] = [];
  let cur: Instruction | null = null;
  let heredoc: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (heredoc) {
      if (raw.trim() === heredoc) heredoc = null;
      if (cur) {
        cur.args += '\n' + raw;
        cur.endLine = lineNo;
        if (!heredoc) {
          instructions.push(cur);
          cur = null;
        }
      }
      continue;
    }
    const trimmed = raw.trim();
    let body: string;
    if (cur === null) {
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const m = trimmed.match(/^([A-Za-z]+)\s*(.*)$/);
      if (!m) continue;
      cur = { cmd: m[1]!.toUpperCase(), args: '', line: lineNo, endLine: lineNo, raw: trimmed };
      body = m[2]!;
    } else {
      // Comment lines inside a continuation are dropped by Docker.
      if (trimmed.startsWith('#')) continue;
      body = trimmed;
      cur.endLine = lineNo;
    }
    const continues = body.endsWith(escape) && !body.endsWith(escape + escape);
    const piece = continues ? body.slice(0, -escape.length).trimEnd() : body;
    cur.args = cur.args ? `${cur.args} ${piece}`.trim() : piece;
    const hd = piece.match(/<<-?["']?(\w+)["']?/);
    if (!continues && hd && (cur.cmd === 'RUN' || cur.cmd === 'COPY')) {
      heredoc = hd[1]!;
      continue;
    }
    if (!continues) {
      instructions.push(cur);
      cur = null;
    }
  }
  if (cur) instructions.push(cur);

  const globalArgs: Record<string, string> = {};
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  const names = new Set<string>();
  for (const ins of instructions) {
    if (ins.cmd === 'FROM') {
      const parts = ins.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      const base = resolveArgs(parts[0] ?? '', globalArgs);
      const asIdx = parts.findIndex((p) => p.toLowerCase() === 'as');
      const name = asIdx >= 0 && parts[asIdx + 1] ? parts[asIdx + 1]!.toLowerCase() : null;
      stages.push({ index: stages.length, name, base, fromStage: names.has(base.toLowerCase()), fromLine: ins.line, instructions: [] });
      if (name) names.add(name);
    } else if (stages.length === 0) {
      preamble.push(ins);
      if (ins.cmd === 'ARG') {
        for (const a of ins.args.split(/\s+/)) {
          const [k, ...v] = a.split('=');
          if (k) globalArgs[k] = v.join('=').replace(/^["']|["']$/g, '');
        }
      }
    } else {
      stages[stages.length - 1]!.instructions.push(ins);
    }
  }
  return { stages, globalArgs, preamble, escape };
}

function resolveArgs(s: string, args: Record<string, string>): string {
  return s.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (m, a?: string, def?: string, b?: string) => {
    const k = (a ?? b)!;
    const v = args[k];
    if (v !== undefined && v !== '') return v;
    return def ?? m;
  });
}

/** `python:3.12-slim@sha256:…` → parts. Tag is null when none was given (which means latest). */
export function splitImage(ref: string): { name: string; tag: string | null; digest: string | null } {
  let rest = ref;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | null = null;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, tag, digest };
}

/** The USER in effect at the end of a stage, following USER in parent stages. */
export function finalUser(df: Dockerfile, stage: Stage): string | null {
  let user: string | null = null;
  for (const ins of stage.instructions) if (ins.cmd === 'USER') user = ins.args.trim();
  if (user === null && stage.fromStage) {
    const parent = df.stages.find((s) => s.index < stage.index && s.name === stage.base.toLowerCase());
    if (parent) return finalUser(df, parent);
  }
  return user;
}

/** HEALTHCHECK in effect in a stage (own or inherited from a parent stage); NONE counts as none. */
export function stageHealthcheck(df: Dockerfile, stage: Stage): Instruction | null {
  let hc: Instruction | null = null;
  for (const ins of stage.instructions) if (ins.cmd === 'HEALTHCHECK') hc = /^none\b/i.test(ins.args) ? null : ins;
  if (!hc && stage.fromStage) {
    const parent = df.stages.find((s) => s.index < stage.index && s.name === stage.base.toLowerCase());
    if (parent) return stageHealthcheck(df, parent);
  }
  return hc;
}

/** COPY/ADD from the build context (not `--from=stage`), with sources and destination. */
export function contextCopies(stage: Stage): { ins: Instruction; sources: string[]; dest: string }[] {
  const out: { ins: Instruction; sources: string[]; dest: string }[] = [];
  for (const ins of stage.instructions) {
    if (ins.cmd !== 'COPY' && ins.cmd !== 'ADD') continue;
    if (/--from[=\s]/.test(ins.args)) continue;
    let parts: string[];
    const json = ins.args.replace(/--\S+\s*/g, '').trim();
    if (json.startsWith('[')) {
      try {
        parts = JSON.parse(json) as string[];
      } catch {
        parts = json.split(/\s+/);
      }
    } else {
      parts = json.split(/\s+/);
    }
    if (parts.length < 2) continue;
    out.push({ ins, sources: parts.slice(0, -1), dest: parts[parts.length - 1]! });
  }
  return out;
}
