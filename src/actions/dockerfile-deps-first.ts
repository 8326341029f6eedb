import path from 'node:path';
import type { z } from 'zod';
import { contextCopies, parseDockerfile, type Instruction, type Stage } from '../audit/dockerfile.js';
import { loadDockerProject } from '../audit/docker-project.js';
import type { FileOp, ProjectFs } from '../engine/project-fs.js';
import { decodeText, encodeText, splitLines } from './text-file.js';
import { defineAction } from './types.js';

const BROAD = new Set(['.', './', '*', './*']);
/** Instructions that may sit between `COPY . .` and the install without depending on the source. */
const HARMLESS_BETWEEN = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE']);
const PIP = /^(?:python[0-9.]*\s+-m\s+)?pip[0-9.]*\s+install\s+(.*)$/;
/** pip flags that take a value (the value is not a package or a path). */
const PIP_VALUE_FLAGS = new Set(['-i', '--index-url', '--extra-index-url', '--trusted-host', '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--only-binary', '--no-binary', '--progress-bar', '--timeout', '--retries', '--cache-dir']);

type Tool = { kind: 'pip'; files: string[] } | { kind: 'npm' | 'yarn' };

/** The install commands of a RUN, or a reason it needs the source (and must stay where it is). */
export function parseInstallRun(args: string): Tool[] | { reason: string } {
  if (args.trimStart().startsWith('[')) return { reason: 'exec-form RUN' };
  if (args.includes('\n') || /<</.test(args)) return { reason: 'heredoc RUN' };
  const tools: Tool[] = [];
  for (const raw of args.split(/&&|;/)) {
    const part = raw.trim();
    if (!part) continue;
    const pip = part.match(PIP);
    if (pip) {
      const tokens = pip[1]!.split(/\s+/).map((t) => t.replace(/^["']|["']$/g, ''));
      const files: string[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        const eq = t.match(/^(-r|--requirement|-c|--constraint)=(.+)$/);
        if (eq) files.push(eq[2]!);
        else if (['-r', '--requirement', '-c', '--constraint'].includes(t)) files.push(tokens[++i] ?? '');
        else if (/^-r\S/.test(t) || /^-c\S/.test(t)) files.push(t.slice(2));
        else if (t === '-e' || t === '--editable' || t.startsWith('--editable=')) return { reason: `\`${part}\` installs the project itself` };
        else if (PIP_VALUE_FLAGS.has(t)) i++;
        else if (t.startsWith('-')) continue;
        else if (t === '.' || t.includes('/') || /\.(whl|tar\.gz|zip)$/.test(t)) return { reason: `\`${part}\` installs from the source tree` };
      }
      tools.push({ kind: 'pip', files: files.filter(Boolean) });
      continue;
    }
    if (/^npm\s+(ci|install|i)(\s+--?[\w-]+(=\S+)?)*$/.test(part)) tools.push({ kind: 'npm' });
    else if (/^yarn(\s+install)?(\s+--[\w-]+(=\S+)?)*$/.test(part)) tools.push({ kind: 'yarn' });
    else if (/^rm\s+-r?f\s+(\S*cache\S*\s*)+$/.test(part)) continue;
    else return { reason: `\`${part}\` may need the source` };
  }
  return tools.length ? tools : { reason: 'no install command' };
}

/** A requirements file and the files it pulls in with -r/-c, recursively (context-relative). */
async function requirementFiles(fs: ProjectFs, ctxDir: string, rel: string, seen: Set<string>): Promise<string | null> {
  if (seen.has(rel)) return null;
  seen.add(rel);
  const bytes = await fs.read(path.posix.join(ctxDir || '.', rel));
  if (!bytes) return `${rel} is not in the build context`;
  for (const line of bytes.toString('utf8').split(/\r?\n/)) {
    const l = line.replace(/\s+#.*$/, '').trim();
    const inc = l.match(/^(?:-r|--requirement|-c|--constraint)[\s=]+(\S+)/);
    if (inc) {
      const problem = await requirementFiles(fs, ctxDir, path.posix.normalize(path.posix.join(path.posix.dirname(rel), inc[1]!)), seen);
      if (problem) return problem;
    } else if (/^(-e\s|--editable|\.|\/|file:)/.test(l) || /^\S+\s*@\s*file:/.test(l)) return `${rel} installs a local path (${l})`;
  }
  return null;
}

async function nodeFiles(fs: ProjectFs, ctxDir: string, kind: 'npm' | 'yarn'): Promise<string[] | string> {
  const at = (f: string) => path.posix.join(ctxDir || '.', f);
  const pkg = await fs.read(at('package.json'));
  if (!pkg) return 'package.json is not in the build context';
  let json: { scripts?: Record<string, string>; workspaces?: unknown };
  try {
    json = JSON.parse(pkg.toString('utf8'));
  } catch {
    return 'package.json is not valid JSON';
  }
  const hooks = ['preinstall', 'install', 'postinstall', 'prepare'].filter((h) => json.scripts?.[h]);
  if (hooks.length) return `package.json runs ${hooks.join(', ')} scripts on install, which may need the source`;
  if (json.workspaces) return 'package.json declares workspaces';
  if (kind === 'yarn' && (await fs.exists(at('.yarnrc.yml')))) return 'Yarn 2+ (.yarnrc.yml) needs more than the manifests';
  const locks = kind === 'npm' ? ['package-lock.json', 'npm-shrinkwrap.json'] : ['yarn.lock'];
  const files = ['package.json'];
  for (const l of locks) if (await fs.exists(at(l))) files.push(l);
  return files;
}

function workdirBefore(stage: Stage, line: number): string | null {
  let wd: string | null = null;
  for (const i of stage.instructions) if (i.line < line && i.cmd === 'WORKDIR') wd = wd ? path.posix.resolve(wd, i.args.trim()) : path.posix.resolve('/', i.args.trim());
  return wd;
}

export interface Reorder {
  text: string;
  moved: { stageFrom: number; install: number; manifests: string[] }[];
  skipped: string[];
}

/**
 * Move each stage's dependency install above its `COPY . .`, after a COPY of just the manifests
 * it reads. Only when that provably changes nothing but the layer order: one broad COPY source,
 * only ENV/ARG/LABEL/EXPOSE between it and the install, an install of pip requirements files or
 * npm/yarn manifests alone (no `-e .`, no local paths, no install hooks), the same WORKDIR.
 */
export async function reorderDepsFirst(text: string, fs: ProjectFs, ctxDir: string, rel: string): Promise<Reorder> {
  const df = parseDockerfile(text);
  const lines = splitLines(text);
  const skipped: string[] = [];
  const moves: { from: number; to: number; insertAt: number; block: string[] }[] = [];
  const moved: Reorder['moved'] = [];
  for (const st of df.stages) {
    const broad = contextCopies(st).find((c) => c.sources.some((s) => BROAD.has(s)));
    if (!broad) continue;
    const idx = st.instructions.indexOf(broad.ins);
    const after = st.instructions.slice(idx + 1);
    const installAt = after.findIndex((i) => i.cmd === 'RUN' && !('reason' in parseInstallRun(i.args)));
    const firstRun = after.findIndex((i) => i.cmd === 'RUN');
    if (installAt < 0) {
      const run = after.find((i) => i.cmd === 'RUN' && /\b(install|ci|sync)\b/.test(i.args));
      const why = run && parseInstallRun(run.args);
      if (run && why && 'reason' in why) skipped.push(`${rel}:${run.line}: ${why.reason}`);
      continue;
    }
    const install = after[installAt]!;
    const where = `${rel}:${install.line}`;
    if (firstRun !== installAt || after.slice(0, installAt).some((i) => !HARMLESS_BETWEEN.has(i.cmd))) {
      skipped.push(`${where}: other instructions run between \`${broad.ins.raw}\` and the install`);
      continue;
    }
    if (broad.sources.length !== 1 || !/^\.\/?$/.test(broad.sources[0]!)) {
      skipped.push(`${rel}:${broad.ins.line}: \`${broad.ins.raw}\` copies more than the context root`);
      continue;
    }
    const wd = workdirBefore(st, broad.ins.line) ?? (st.fromStage ? null : '/');
    if (wd === null) {
      skipped.push(`${where}: the WORKDIR comes from an earlier stage`);
      continue;
    }
    const destAbs = path.posix.resolve(wd, broad.dest);
    const tools = parseInstallRun(install.args) as Tool[];
    const manifests: string[] = [];
    let problem: string | null = null;
    for (const t of tools) {
      if (t.kind === 'pip') {
        for (const f of t.files) {
          const inCtx = path.posix.relative(destAbs, path.posix.resolve(wd, f));
          if (inCtx.startsWith('..')) {
            problem = `${f} is not under ${broad.dest}`;
            break;
          }
          const seen = new Set<string>();
          problem = await requirementFiles(fs, ctxDir, inCtx, seen);
          if (problem) break;
          manifests.push(...seen);
        }
      } else {
        const files = await nodeFiles(fs, ctxDir, t.kind);
        if (typeof files === 'string') problem = files;
        else manifests.push(...files);
      }
      if (problem) break;
    }
    if (problem || !manifests.length) {
      skipped.push(`${where}: ${problem ?? 'the install reads no manifest file'}`);
      continue;
    }
    const flags = broad.ins.args.match(/--(chown|chmod|link)(=\S+)?/g) ?? [];
    const byDir = new Map<string, string[]>();
    for (const m of [...new Set(manifests)].sort()) byDir.set(path.posix.dirname(m), [...(byDir.get(path.posix.dirname(m)) ?? []), m]);
    const destDir = broad.dest.replace(/\/?$/, '/');
    const copyLines = [...byDir].map(([dir, files]) => ['COPY', ...flags, ...files, dir === '.' ? destDir : `${destDir}${dir}/`].join(' '));
    // Comment lines right above the install belong to it and move with it.
    let from = install.line;
    while (from - 1 > broad.ins.endLine && /^\s*#/.test(lines[from - 2]!)) from--;
    let insertAt = broad.ins.line;
    while (insertAt - 1 > st.fromLine && /^\s*#/.test(lines[insertAt - 2]!)) insertAt--;
    moves.push({ from, to: install.endLine, insertAt, block: [...copyLines, ...lines.slice(from - 1, install.endLine)] });
    moved.push({ stageFrom: st.fromLine, install: install.line, manifests: [...new Set(manifests)] });
  }
  // Bottom-up, so earlier line numbers stay valid.
  const out = [...lines];
  for (const m of moves.sort((a, b) => b.insertAt - a.insertAt)) {
    out.splice(m.from - 1, m.to - m.from + 1);
    out.splice(m.insertAt - 1, 0, ...m.block);
  }
  return { text: out.join('\n') + (out.length ? '\n' : ''), moved, skipped };
}

/** Reorder `COPY . .` / install so dependency layers are cached across code changes. */
export const dockerfileDepsFirst = defineAction({
  type: 'dockerfile.deps-first',
  schema: (z) => z.strictObject({
    type: z.literal('dockerfile.deps-first'),
    path: z.string().min(1).optional().describe('One Dockerfile (default: every Dockerfile)'),
  }),
  describe: (spec) => `${spec.path ?? 'every Dockerfile'}: copy the dependency manifests and install before \`COPY . .\``,
  async plan(spec, ctx) {
    const project = loadDockerProject(ctx.root);
    const infos = spec.path ? project.infos.filter((i) => i.rel === path.posix.normalize(spec.path!)) : project.infos;
    const ops: FileOp[] = [];
    for (const info of infos) {
      const bytes = await ctx.fs.read(info.rel);
      if (!bytes) continue;
      if (info.contexts.length !== 1) {
        ctx.log(`${info.rel}: built with several contexts (${info.contexts.join(', ')}); not reordered`, 'warn');
        continue;
      }
      const decoded = decodeText(info.rel, bytes);
      const r = await reorderDepsFirst(decoded.text, ctx.fs, info.contexts[0]!, info.rel);
      for (const s of r.skipped) ctx.log(`${s}; not reordered, move it by hand`, 'warn');
      if (!r.moved.length) continue;
      for (const m of r.moved) ctx.log(`${info.rel}:${m.install}: install moved before the source copy, after COPY ${m.manifests.join(' ')}`);
      const text = decoded.finalNewline ? r.text : r.text.replace(/\n$/, '');
      ops.push({ kind: 'write', path: info.rel, content: encodeText(text, decoded) });
    }
    return ops;
  },
});
