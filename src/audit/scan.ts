import path from 'node:path';
import { existsSync } from 'node:fs';
import { areaOf, classify, isEnvTemplate, type FileKind } from './classify.js';
import { ciContainerUse, type CiUse } from './ci.js';
import { clearComposeCache, readCompose, type ComposeFile } from './compose.js';
import { composeFindings } from './compose-findings.js';
import { contextCopies, finalUser, parseDockerfile, stageHealthcheck, type Dockerfile } from './dockerfile.js';
import { dockerfileFindings, type DockerfileInfo } from './dockerfile-findings.js';
import { composeDockerfile, dockerfileInfos } from './docker-project.js';
import { parseEnv, secretKeys } from './env-files.js';
import { compareFindings, makeFinding, type Area, type Finding } from './findings.js';
import { makeTargets } from './makefile.js';
import { AUDIT_MARKER } from './markdown.js';
import { forEachLine, readText, streamHasAny } from './read.js';
import { includedBy, requirementsFindings, type ManifestUse } from './requirements.js';
import { VENV_NEEDLES, VenvLineScanner, venvFindings, type ScanMode, type VenvMatch } from './venv.js';
import { venvConfigFindings } from './venv-config.js';
import { forEachFile, GitIgnores } from './walk.js';

/** The whole audit: what is there (inventory) and what must change (findings). */
export interface DockerfileRow {
  file: string;
  stages: number;
  /** Base image per stage, `image AS name`. */
  bases: string[];
  user: string | null;
  healthcheck: boolean;
  expose: string[];
  /** Dependency manifests copied and installed before the source: yes / no / n/a (no install). */
  depsBeforeSource: 'yes' | 'no' | 'n/a';
}

export interface ComposeServiceRow {
  file: string;
  service: string;
  containerName: string | null;
  /** `image` or `build: <context>`. */
  image: string;
  ports: string[];
  networks: string[];
  volumes: string[];
  healthcheck: 'yes' | 'no' | 'disabled';
  dependsOn: string[];
}

export interface EnvFileRow {
  file: string;
  template: boolean;
  keys: string[];
}

export interface MakeTargetRow {
  file: string;
  target: string;
  line: number;
  command: string;
}

export interface CiWorkflowRow {
  file: string;
  uses: CiUse[];
  lines: number[];
}

export interface AuditInventory {
  dockerfiles: DockerfileRow[];
  compose: ComposeServiceRow[];
  envFiles: EnvFileRow[];
  makeTargets: MakeTargetRow[];
  ciWorkflows: CiWorkflowRow[];
}

export interface AuditResult {
  findings: Finding[];
  inventory: AuditInventory;
  /** Problems reading files (e.g. YAML errors); the audit continues past them. */
  notes: string[];
  stats: { filesSeen: number; filesRead: number; durationMs: number };
}

const SCRIPT_OR_DOC: ReadonlySet<FileKind> = new Set(['script', 'python', 'doc', 'text']);

function modeFor(rel: string, kind: FileKind, firstLine: string): ScanMode {
  if (kind === 'python') return 'python';
  if (kind === 'script') return 'script';
  if (kind === 'doc') return /\.rst$/i.test(rel) ? 'rst' : 'markdown';
  if (firstLine.startsWith('#!')) return /python/.test(firstLine) ? 'python' : 'script';
  return 'text';
}

function areaForMode(rel: string, kind: FileKind, mode: ScanMode): Area {
  if (kind === 'text' && (mode === 'script' || mode === 'python')) return areaOf(rel, 'script');
  if (kind === 'text') return rel.includes('/') ? 'docs' : 'root docs';
  return areaOf(rel, kind);
}

export function runAudit(root: string): AuditResult {
  const started = performance.now();
  clearComposeCache();
  const findings: Finding[] = [];
  const notes: string[] = [];
  const texts = new Map<string, string[]>();
  const dockerfiles: { rel: string; df: Dockerfile }[] = [];
  const composeRels: string[] = [];
  const envRows: EnvFileRow[] = [];
  const realEnvFiles: string[] = [];
  const makeRows: MakeTargetRow[] = [];
  const ciRows: CiWorkflowRow[] = [];
  const manifests: { rel: string; firstLine: string; includes: string[] }[] = [];
  const manifestUses = new Map<string, ManifestUse>();
  let filesSeen = 0;
  let filesRead = 0;

  /** Venv findings wait until every file is read: a line that runs a venv setup script joins the workflow. */
  const scanned: { rel: string; area: Area; matches: VenvMatch[]; mentions: VenvLineScanner['mentions'] }[] = [];

  const venvScan = (rel: string, kind: FileKind, abs: string, fixedMode?: ScanMode) => {
    let scanner: VenvLineScanner | null = null;
    let mode: ScanMode = fixedMode ?? 'text';
    let ownReport = false;
    forEachLine(abs, (line, n) => {
      if (n === 1 && line.trim() === AUDIT_MARKER) {
        ownReport = true; // an earlier audit report: quoting findings is not a workflow
        return false;
      }
      if (!scanner) {
        mode = fixedMode ?? modeFor(rel, kind, line);
        scanner = new VenvLineScanner(mode);
      }
      scanner.push(line, n);
    });
    if (ownReport) return;
    const s = (scanner ?? new VenvLineScanner('script')) as VenvLineScanner;
    s.end();
    if (s.matches.length || s.mentions.length) scanned.push({ rel, area: areaForMode(rel, kind, mode), matches: s.matches, mentions: s.mentions });
    if (!s.matches.length) return;
    for (const m of s.matches) {
      if (m.kind !== 'pip' && m.kind !== 'tool') continue;
      for (const r of m.text.matchAll(/(?:^|\s)(?:-r|--requirement)[\s=]+["']?([^\s"';&|)]+)/g)) {
        const base = path.posix.basename(r[1]!.replace(/\\/g, '/'));
        const use = manifestUses.get(base) ?? { localUses: [] };
        if (!use.localUses.some((u) => u.file === rel && u.line === m.line)) use.localUses.push({ file: rel, line: m.line });
        manifestUses.set(base, use);
      }
    }
  };

  const onFile = (rel: string, abs: string): void => {
    filesSeen++;
    const kind = classify(rel);
    if (kind === 'skip' || kind === 'dockerignore') return;

    if (SCRIPT_OR_DOC.has(kind)) {
      filesRead++;
      if (streamHasAny(abs, VENV_NEEDLES)) venvScan(rel, kind, abs);
      return;
    }

    filesRead++;
    const text = readText(abs);
    if (text === null) return;
    const lower = rel.slice(rel.lastIndexOf('/') + 1).toLowerCase();
    switch (kind) {
      case 'dockerfile':
        texts.set(rel, text.split(/\r?\n/));
        dockerfiles.push({ rel, df: parseDockerfile(text) });
        break;
      case 'compose':
        texts.set(rel, text.split(/\r?\n/));
        composeRels.push(rel);
        break;
      case 'env': {
        const env = parseEnv(text);
        const template = isEnvTemplate(lower);
        envRows.push({ file: rel, template, keys: [...new Set(env.entries.map((e) => e.key))] });
        if (!template) {
          realEnvFiles.push(rel);
          const secrets = secretKeys(env);
          if (secrets.length) {
            findings.push(
              makeFinding({
                rule: 'secret.env-file',
                priority: 'critical',
                area: 'build config',
                file: rel,
                line: secrets[0]!.line,
                endLine: secrets[secrets.length - 1]!.line,
                evidence: `${secrets[0]!.key}=****`,
                title: `Env file with credentials is not ignored by git (${secrets.map((s) => s.key).join(', ')})`,
                why: 'Credentials in a committed file are readable by everyone with the repository, forever (git history), and leak into images via `COPY . .`.',
                action: `Rotate these credentials, \`git rm --cached ${rel}\`, add it to .gitignore, and commit a \`${rel}.example\` with placeholders.`,
                effort: 's',
              }),
            );
          }
        }
        break;
      }
      case 'makefile': {
        const flavour = /justfile$/.test(lower) ? 'just' : 'make';
        if (!/^taskfile/.test(lower)) for (const t of makeTargets(text, flavour)) makeRows.push({ file: rel, target: t.target, line: t.line, command: t.command });
        venvScan(rel, kind, abs, 'script');
        break;
      }
      case 'ci': {
        const use = ciContainerUse(text);
        if (use) ciRows.push({ file: rel, uses: use.uses, lines: use.lines });
        venvScan(rel, kind, abs, 'script');
        break;
      }
      case 'pyproject':
      case 'tox':
      case 'setup-cfg':
      case 'noxfile':
        findings.push(...venvConfigFindings(rel, kind, kind === 'noxfile' || kind === 'tox' ? 'test scripts' : 'build config', text));
        break;
      case 'pipfile':
      case 'requirements': {
        const first = text.split(/\r?\n/).find((l) => l.trim() && !l.trim().startsWith('#')) ?? '';
        manifests.push({ rel, firstLine: first, includes: includedBy(text) });
        break;
      }
    }
  };

  forEachFile(root, onFile, {
    onVirtualenvDir: (dir) =>
      findings.push(
        makeFinding({
          rule: 'venv.committed-env-dir',
          priority: 'high',
          area: 'build config',
          file: `${dir}/pyvenv.cfg`,
          line: 1,
          evidence: 'pyvenv.cfg',
          title: `A virtualenv folder \`${dir}/\` is in the repository (not ignored by git)`,
          why: 'A virtualenv is machine-specific (absolute paths, compiled wheels); committed, it bloats the repo and shadows the container environment.',
          action: `Delete \`${dir}/\`, add it to .gitignore and .dockerignore.`,
          effort: 'xs',
        }),
      ),
  });
  // Stable output whatever order the file system lists folders in.
  const byRel = (a: { rel: string }, b: { rel: string }) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
  dockerfiles.sort(byRel);
  composeRels.sort();
  manifests.sort(byRel);
  envRows.sort((a, b) => (a.file < b.file ? -1 : 1));
  makeRows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  ciRows.sort((a, b) => (a.file < b.file ? -1 : 1));

  // Venv findings. A line elsewhere that runs (or tells you to run) a script which sets up a venv
  // is part of that workflow: a Makefile target, a CI step, a README step.
  const own = scanned.map((f) => ({ f, findings: venvFindings(f.rel, f.area, f.matches) }));
  const venvScripts = own
    .filter((o) => o.findings.length && (o.f.area === 'setup scripts' || o.f.area === 'test scripts'))
    .map((o) => o.f.rel);
  const names = (mention: string): string[] =>
    venvScripts.filter((script) => (mention.includes('/') ? script === mention || script.endsWith('/' + mention) : path.posix.basename(script) === mention));
  for (const { f, findings: fs } of own) {
    const extra: VenvMatch[] = [];
    for (const m of f.mentions) {
      if (f.matches.some((x) => x.line === m.line) || extra.some((x) => x.line === m.line)) continue;
      const hit = names(m.path).find((script) => script !== f.rel);
      if (hit) extra.push({ line: m.line, kind: 'create', what: `runs ${hit}`, text: m.text });
    }
    if (!extra.length) findings.push(...fs);
    else findings.push(...venvFindings(f.rel, f.area, [...f.matches, ...extra].sort((a, b) => a.line - b.line)));
  }

  // Compose, now that every file is known.
  const composeFiles: ComposeFile[] = composeRels.map((rel) => readCompose(root, rel));
  for (const c of composeFiles) notes.push(...c.errors);

  // Which Dockerfile each compose build uses, its contexts, and compose-side healthchecks.
  const dfByRel = new Map(dockerfiles.map((d) => [d.rel, d]));
  const dockerfileOf = composeDockerfile;
  const infos: DockerfileInfo[] = dockerfileInfos(dockerfiles, composeFiles);

  const lineText = (file: string, line: number): string => texts.get(file)?.[line - 1] ?? '';
  findings.push(
    ...composeFindings(composeFiles, {
      root,
      lineText,
      ignores: new GitIgnores(root),
      imageHasHealthcheck: (c, s) => {
        if (!s.build) return false;
        const r = dockerfileOf(c, s.build);
        const d = r && dfByRel.get(r.df);
        if (!d) return false;
        const stage = (s.build.target && d.df.stages.find((st) => st.name === s.build!.target!.toLowerCase())) || d.df.stages[d.df.stages.length - 1];
        return !!stage && !!stageHealthcheck(d.df, stage);
      },
    }),
  );
  findings.push(...dockerfileFindings(infos, { root, envFiles: realEnvFiles }));
  findings.push(...requirementsFindings(manifests, infos, manifestUses));

  // One finding per id, in checklist order.
  const unique = new Map<string, Finding>();
  for (const f of findings) if (!unique.has(f.id)) unique.set(f.id, f);
  const sorted = [...unique.values()].sort(compareFindings);

  const inventory: AuditInventory = {
    dockerfiles: infos.map((i) => dockerfileRow(i, sorted)),
    compose: composeFiles.flatMap((c) =>
      c.services.map((s) => ({
        file: c.rel,
        service: s.name,
        containerName: s.containerName?.value ?? null,
        image: s.image ?? (s.build ? `build: ${s.build.context}${s.build.dockerfile ? ` (${s.build.dockerfile})` : ''}` : '(from another file)'),
        ports: s.ports.map((p) => (p.host ? `${p.hostIp ? p.hostIp + ':' : ''}${p.host[0]}${p.host[1] !== p.host[0] ? '-' + p.host[1] : ''}→${p.container}${p.protocol !== 'tcp' ? '/' + p.protocol : ''}` : p.unresolved.length ? `${p.raw} (unset: ${p.unresolved.join(', ')})` : `${p.container} (no host port)`)),
        networks: s.networks,
        volumes: s.volumes.map((v) => (v.type === 'bind' || v.type === 'volume' ? `${v.source || '(anonymous)'}:${v.target}` : `${v.type}:${v.target}`)),
        healthcheck: s.healthcheck,
        dependsOn: s.dependsOn.map((d) => (d.condition ? `${d.service} (${d.condition})` : d.service)),
      })),
    ),
    envFiles: envRows,
    makeTargets: makeRows,
    ciWorkflows: ciRows,
  };
  for (const c of composeFiles) if (c.envSource && !existsSync(path.join(root, path.posix.dirname(c.rel), '.env')) && c.envSource.includes('.env.')) {
    notes.push(`${c.rel}: no .env next to it; values for \${VAR} were taken from ${c.envSource}`);
  }
  return { findings: sorted, inventory, notes, stats: { filesSeen, filesRead, durationMs: Math.round(performance.now() - started) } };
}

function dockerfileRow(info: DockerfileInfo, findings: Finding[]): DockerfileRow {
  const { df } = info;
  const final = df.stages[df.stages.length - 1];
  const hasInstallAfterBroad = findings.some((f) => f.rule === 'dockerfile.copy-before-install' && f.file === info.rel);
  const hasCopy = df.stages.some((s) => contextCopies(s).length > 0);
  const hasInstall = df.stages.some((s) => s.instructions.some((i) => i.cmd === 'RUN' && /\b(pip[0-9.]*|poetry|pipenv|npm|yarn|pnpm|bundle|uv)\s+(install|ci|sync)\b|go\s+mod\s+download/.test(i.args)));
  return {
    file: info.rel,
    stages: df.stages.length,
    bases: df.stages.map((s) => `${s.base}${s.name ? ` AS ${s.name}` : ''}`),
    user: final ? finalUser(df, final) : null,
    healthcheck: !!final && !!stageHealthcheck(df, final),
    expose: final ? final.instructions.filter((i) => i.cmd === 'EXPOSE').flatMap((i) => i.args.split(/\s+/)) : [],
    depsBeforeSource: !hasCopy || !hasInstall ? 'n/a' : hasInstallAfterBroad ? 'no' : 'yes',
  };
}
