import { existsSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { contextCopies, finalUser, splitImage, stageHealthcheck, type Dockerfile, type Instruction, type Stage } from './dockerfile.js';
import { isPlaceholderValue, isSecretKey, makeFinding, type Finding } from './findings.js';
import { readText } from './read.js';

export interface DockerfileInfo {
  rel: string;
  df: Dockerfile;
  /** Build contexts (project-relative, '' for root) from compose `build:`, else the Dockerfile's folder. */
  contexts: string[];
  /** Some compose service building this image defines a healthcheck. */
  composeHealthcheck: boolean;
}

export interface DockerContext {
  root: string;
  /** Walked (not git-ignored) env files that are not templates. */
  envFiles: string[];
}

const MANIFEST = /(^|\/)(requirements[^/]*\.txt|requirements\/|constraints[^/]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|Pipfile(\.lock)?|poetry\.lock|uv\.lock|package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml|go\.(mod|sum)|Gemfile(\.lock)?|Cargo\.(toml|lock)|composer\.(json|lock)|[^/]+\.csproj)$/;
const INSTALL = /\b(pip[0-9.]*\s+install|poetry\s+install|pipenv\s+(install|sync)|uv\s+(pip\s+install|sync)|pdm\s+install|npm\s+(ci|install|i)\b|yarn(\s+install)?\s*($|&&|;)|pnpm\s+install|bundle\s+install|go\s+mod\s+download|composer\s+install|cargo\s+(build|fetch))/;
const PIP_SELF_ONLY = /pip[0-9.]*\s+install\s+(?:-U\s+|--upgrade\s+|--no-cache-dir\s+|-q\s+)*(?:pip|setuptools|wheel|\s)+\s*(?:$|&&|;)/;
const BUILD_TOOLS = /\b(?:apt-get|apt|apk|yum|dnf|microdnf)\s+(?:-\S+\s+)*(?:install|add)\b[^&;|]*?(?<![\w-])(build-essential|build-base|gcc|g\+\+|clang|make|cmake|cargo|rustc|golang|[\w.+]+-dev(?:el)?)(?![\w-])/;

function isBroad(src: string): boolean {
  return src === '.' || src === './' || src === '*' || src === './*';
}

/** Helper images that are not services: a base others build on, dev containers, test/tool runners. */
function isHelperImage(rel: string): boolean {
  return rel.startsWith('.devcontainer/') || /base|test|lint|docs|tools?\b|builder|ci\b/i.test(path.posix.basename(rel));
}

export function dockerfileFindings(infos: DockerfileInfo[], ctx: DockerContext): Finding[] {
  const out: Finding[] = [];
  const installsByKey = new Map<string, { file: string; ins: Instruction }[]>();
  const missingByCtx = new Map<string, Finding[]>();

  for (const info of infos) {
    const { rel, df } = info;
    const final = df.stages[df.stages.length - 1];
    if (!final) continue;
    const helper = isHelperImage(rel);

    // Root user in the image that actually runs.
    const user = finalUser(df, final);
    if (!helper && (user === null || /^(root|0)(:|$)/.test(user))) {
      const last = final.instructions[final.instructions.length - 1];
      out.push(
        makeFinding({
          rule: 'dockerfile.root-user',
          priority: 'high',
          area: 'build config',
          file: rel,
          line: final.fromLine,
          endLine: last?.endLine ?? final.fromLine,
          evidence: user === null ? `FROM ${final.base}` : `USER ${user}`,
          title: user === null ? 'Final stage runs as root (no USER)' : `Final stage switches to USER ${user}`,
          why: 'A process running as root in the container is root on any mounted host path and makes container escapes worse.',
          action: 'Create an unprivileged user and add `USER app` (or a numeric UID) at the end of the final stage; chown what it must write.',
          effort: 's',
        }),
      );
    }

    // Base images: unpinned / latest, and no digest.
    const undigested: Stage[] = [];
    for (const st of df.stages) {
      if (st.fromStage || st.base.toLowerCase() === 'scratch' || st.base.includes('$')) continue;
      const { tag, digest } = splitImage(st.base);
      if (digest) continue;
      if (tag === null || tag === 'latest') {
        out.push(
          makeFinding({
            rule: 'dockerfile.base-unpinned',
            priority: 'high',
            area: 'build config',
            file: rel,
            line: st.fromLine,
            evidence: lineOf(st, df, st.fromLine),
            title: `Base image \`${st.base}\` is ${tag === null ? 'not pinned (implicit latest)' : 'pinned to latest'}`,
            why: 'The build changes whenever upstream pushes a new latest: unreproducible images and surprise major upgrades.',
            action: 'Pin a version tag and a digest: `FROM image:1.2.3@sha256:…`.',
            effort: 'xs',
          }),
        );
      } else {
        undigested.push(st);
      }
    }
    if (undigested.length) {
      out.push(
        makeFinding({
          rule: 'dockerfile.base-no-digest',
          priority: 'low',
          area: 'build config',
          file: rel,
          line: undigested[0]!.fromLine,
          endLine: undigested[undigested.length - 1]!.fromLine,
          evidence: lineOf(undigested[0]!, df, undigested[0]!.fromLine),
          title: `Base image${undigested.length > 1 ? 's' : ''} not pinned by digest (${[...new Set(undigested.map((s) => s.base))].join(', ')})`,
          why: 'Tags move: the same tag can point at a different image tomorrow, so builds are not reproducible.',
          action: 'Add the digest: `FROM image:tag@sha256:…` (and let Renovate/Dependabot bump it).',
          effort: 'xs',
          related: undigested.slice(1).map((s) => ({ file: rel, line: s.fromLine })),
        }),
      );
    }

    // COPY . . before the dependency install.
    for (const st of df.stages) {
      const copies = contextCopies(st);
      const broad = copies.find((c) => c.sources.some(isBroad));
      if (!broad) continue;
      const installs = st.instructions.filter((i) => i.cmd === 'RUN' && INSTALL.test(i.args) && !PIP_SELF_ONLY.test(i.args));
      const before = installs.filter((i) => i.line < broad.ins.line);
      const after = installs.find((i) => i.line > broad.ins.line);
      if (!after || before.length) continue;
      out.push(
        makeFinding({
          rule: 'dockerfile.copy-before-install',
          priority: 'medium',
          area: 'build config',
          file: rel,
          line: broad.ins.line,
          endLine: after.endLine,
          evidence: broad.ins.raw,
          title: 'Source is copied before dependencies are installed',
          why: 'Every source change invalidates the install layer, so each build reinstalls all dependencies (slow builds and CI).',
          action: 'Copy only the manifests first (`COPY requirements.txt .`), run the install, then `COPY . .`.',
          effort: 'xs',
        }),
      );
    }

    // One stage that also carries compilers and headers.
    if (df.stages.length === 1) {
      const tool = final.instructions.find((i) => i.cmd === 'RUN' && BUILD_TOOLS.test(i.args));
      if (tool) {
        const what = tool.args.match(BUILD_TOOLS)![1];
        out.push(
          makeFinding({
            rule: 'dockerfile.single-stage-build-tools',
            priority: 'medium',
            area: 'build config',
            file: rel,
            line: tool.line,
            endLine: tool.endLine,
            evidence: tool.raw,
            title: `Single-stage image ships build tools (${what})`,
            why: 'Compilers and headers stay in the runtime image: bigger images, more CVEs, more attack surface.',
            action: 'Split into a builder stage (install tools, build wheels) and a slim final stage that copies only the results.',
            effort: 's',
          }),
        );
      }
    }

    // HEALTHCHECK, unless compose defines one for every service using this image.
    if (!helper && !stageHealthcheck(df, final) && !info.composeHealthcheck) {
      out.push(
        makeFinding({
          rule: 'dockerfile.no-healthcheck',
          priority: 'low',
          area: 'build config',
          file: rel,
          line: final.fromLine,
          evidence: lineOf(final, df, final.fromLine),
          title: 'No HEALTHCHECK in the final stage (and none in compose)',
          why: 'Without a healthcheck, `depends_on: service_healthy`, restarts and orchestrators cannot tell a hung service from a healthy one.',
          action: 'Add `HEALTHCHECK CMD …` probing the service (or a compose `healthcheck:`).',
          effort: 'xs',
        }),
      );
    }

    // Secrets in ENV / ARG.
    for (const st of [{ instructions: df.preamble }, ...df.stages]) {
      for (const ins of st.instructions) {
        if (ins.cmd !== 'ENV' && ins.cmd !== 'ARG') continue;
        const keys = secretAssignments(ins.args);
        if (!keys.length) continue;
        out.push(
          makeFinding({
            rule: 'secret.dockerfile-env',
            priority: 'critical',
            area: 'build config',
            file: rel,
            line: ins.line,
            endLine: ins.endLine,
            evidence: `${ins.cmd} ${keys.map((k) => `${k}=****`).join(' ')}`,
            title: `Secret value in ${ins.cmd} (${keys.join(', ')})`,
            why: `${ins.cmd} values are stored in the image metadata and history: anyone who can pull the image can read them.`,
            action: 'Remove the value, rotate the credential, and pass it at runtime (env_file / secrets) or with `RUN --mount=type=secret` at build time.',
            effort: 's',
          }),
        );
      }
    }

    // Requirements installed, for the duplicate check across Dockerfiles.
    for (const st of df.stages) {
      const copies = contextCopies(st);
      for (const ins of st.instructions) {
        if (ins.cmd !== 'RUN') continue;
        for (const m of ins.args.matchAll(/pip[0-9.]*\s+install\b[^&;|]*?\s(?:-r|--requirement)[\s=]+(\S+)/g)) {
          const arg = m[1]!.replace(/^["']|["']$/g, '');
          const base = path.posix.basename(arg);
          const ctxDir = info.contexts[0] ?? '';
          const copied = copies.flatMap((c) => c.sources).find((s) => path.posix.basename(s) === base);
          // The file in the repo: copied by name, or (after `COPY . .`) the same path in the context.
          const key = path.posix.normalize(path.posix.join(ctxDir || '.', copied ?? arg.replace(/^\/?(app|srv|code|usr\/src\/app)\//, '')));
          const list = installsByKey.get(key) ?? [];
          if (!list.some((l) => l.file === rel)) list.push({ file: rel, ins });
          installsByKey.set(key, list);
        }
      }
    }

    out.push(...dockerignoreFindings(info, ctx, missingByCtx));
  }
  // One "add a .dockerignore" item per build context, on the Dockerfile most at risk.
  for (const list of missingByCtx.values()) {
    list.sort((a, b) => (a.priority === b.priority ? 0 : a.priority === 'critical' ? -1 : 1));
    const [first, ...rest] = list;
    out.push(rest.length ? { ...first!, related: rest.map((r) => ({ file: r.file, line: r.line })) } : first!);
  }

  for (const [key, list] of installsByKey) {
    if (list.length < 2) continue;
    const [first, ...rest] = list;
    out.push(
      makeFinding({
        rule: 'dockerfile.duplicate-requirements',
        priority: 'medium',
        area: 'build config',
        file: first!.file,
        line: first!.ins.line,
        endLine: first!.ins.endLine,
        evidence: first!.ins.raw,
        title: `${list.length} Dockerfiles install the same \`${key}\` (${list.map((l) => l.file).join(', ')})`,
        why: 'Each image re-installs and stores the same dependencies: slower builds, more disk, and versions that can drift between services.',
        action: 'Build one shared base image with the dependencies installed and make the service images `FROM` it.',
        effort: 'm',
        related: rest.map((r) => ({ file: r.file, line: r.ins.line })),
      }),
    );
  }
  return out;
}

function lineOf(st: Stage, _df: Dockerfile, _line: number): string {
  return `FROM ${st.base}${st.name ? ` AS ${st.name}` : ''}`;
}

/** Keys of `KEY=value` / `KEY value` pairs in ENV/ARG whose value looks like a real secret. */
export function secretAssignments(args: string): string[] {
  const keys: string[] = [];
  const eqPairs = [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)];
  if (eqPairs.length) {
    for (const m of eqPairs) if (isSecretKey(m[1]!) && !isPlaceholderValue(m[2]!)) keys.push(m[1]!);
  } else {
    const m = args.match(/^([A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/);
    if (m && isSecretKey(m[1]!) && !isPlaceholderValue(m[2]!)) keys.push(m[1]!);
  }
  return keys;
}

function dockerignoreFindings(info: DockerfileInfo, ctx: DockerContext, missingByCtx: Map<string, Finding[]>): Finding[] {
  const out: Finding[] = [];
  const copies = info.df.stages.flatMap(contextCopies);
  if (!copies.length) return out;
  const broad = copies.find((c) => c.sources.some(isBroad));
  const anchor = broad ?? copies[0]!;
  for (const ctxDir of info.contexts) {
    const inCtx = (rel: string) => ctxDir === '' || rel.startsWith(ctxDir + '/');
    const envInCtx = [
      ...ctx.envFiles.filter(inCtx),
      ...(existsSync(path.join(ctx.root, ctxDir, '.env')) ? [path.posix.join(ctxDir || '.', '.env').replace(/^\.\//, '')] : []),
    ];
    const exposed = broad !== undefined && envInCtx.length > 0;
    const specific = `${info.rel}.dockerignore`;
    const shared = path.posix.join(ctxDir || '.', '.dockerignore').replace(/^\.\//, '');
    const ignoreRel = existsSync(path.join(ctx.root, specific)) ? specific : existsSync(path.join(ctx.root, shared)) ? shared : null;
    if (!ignoreRel) {
      const list = missingByCtx.get(ctxDir) ?? [];
      missingByCtx.set(ctxDir, list);
      list.push(
        makeFinding({
          rule: 'dockerfile.no-dockerignore',
          priority: exposed ? 'critical' : 'high',
          area: 'build config',
          file: info.rel,
          line: anchor.ins.line,
          evidence: anchor.ins.raw,
          title: `No .dockerignore for build context \`${ctxDir || '.'}\`${exposed ? ` (env files would be copied into the image: ${[...new Set(envInCtx)].join(', ')})` : ''}`,
          why: exposed
            ? '`COPY . .` with no .dockerignore bakes env files, .git and local caches into the image, where anyone with the image can read the secrets.'
            : 'Without a .dockerignore the whole folder (.git, venvs, caches, env files) is sent as build context and may be copied into the image.',
          action: `Add \`${shared}\` excluding at least \`.git\`, \`**/.env*\` (keep \`!.env.example\` if needed), \`.venv\`, \`__pycache__\`, \`node_modules\`.`,
          effort: 'xs',
        }),
      );
      continue;
    }
    const text = readText(path.join(ctx.root, ignoreRel)) ?? '';
    const ig = ignore().add(text.split(/\r?\n/).map((l) => l.replace(/^\//, '')));
    const probes = ['.env', ...envInCtx.map((e) => (ctxDir ? e.slice(ctxDir.length + 1) : e))];
    const leaked = probes.filter((p) => !ig.ignores(p));
    if (leaked.length) {
      const lines = text.split(/\r?\n/).length;
      out.push(
        makeFinding({
          rule: 'dockerfile.dockerignore-missing-env',
          priority: exposed && leaked.some((l) => l !== '.env' || envInCtx.length) ? 'critical' : 'high',
          area: 'build config',
          file: ignoreRel,
          line: 1,
          endLine: Math.max(1, lines - (text.endsWith('\n') ? 1 : 0)),
          evidence: text.split(/\r?\n/)[0] ?? '',
          title: `.dockerignore does not exclude env files (${[...new Set(leaked)].join(', ')})`,
          why: 'Env files in the build context end up in the image with `COPY . .`, and anyone with the image can read them.',
          action: 'Add `**/.env` and `**/.env.*` (and `!**/.env.example` if a template must be copied).',
          effort: 'xs',
        }),
      );
    }
  }
  return out;
}
