import path from 'node:path';
import type { z } from 'zod';
import { finalUser, parseDockerfile, splitImage, type Dockerfile, type Stage } from '../audit/dockerfile.js';
import { loadDockerProject } from '../audit/docker-project.js';
import { dockerfileFindings } from '../audit/dockerfile-findings.js';
import { UserError } from '../engine/errors.js';
import type { FileOp } from '../engine/project-fs.js';
import { decodeText, encodeText, splitLines } from './text-file.js';
import { defineAction } from './types.js';

export type BaseFamily = 'debian' | 'rhel' | 'alpine' | 'distroless' | 'unknown';

/** Official images built on Debian unless their tag says otherwise (alpine, windows). */
const DEBIAN_BASED = new Set(['debian', 'ubuntu', 'python', 'node', 'ruby', 'golang', 'rust', 'php', 'perl', 'openjdk', 'eclipse-temurin', 'buildpack-deps', 'pypy']);
const RHEL_BASED = new Set(['fedora', 'rockylinux', 'almalinux', 'centos']);

/**
 * Which user tools an image has, judged by its name and tag alone. Only families we are sure of:
 * anything else (a project base image, an ARG, nginx that binds port 80 as root) stays manual.
 */
export function baseFamily(ref: string): BaseFamily {
  if (ref.includes('$')) return 'unknown';
  const { name, tag } = splitImage(ref);
  const short = name.replace(/^(docker\.io\/)?(library\/)?/, '');
  const t = (tag ?? '').toLowerCase();
  if (/^gcr\.io\/distroless\//.test(name)) return 'distroless';
  if (/windows|nanoserver/.test(t)) return 'unknown';
  if (short === 'alpine' || ((DEBIAN_BASED.has(short) || short === 'alpine') && t.includes('alpine'))) return 'alpine';
  if (DEBIAN_BASED.has(short)) return 'debian';
  if (RHEL_BASED.has(short) || /^(registry\.access\.redhat\.com\/)?ubi[89]\/ubi$/.test(name)) return 'rhel';
  return 'unknown';
}

function stageChain(df: Dockerfile, stage: Stage): Stage[] {
  const chain = [stage];
  let st = stage;
  while (st.fromStage) {
    const parent = df.stages.find((s) => s.index < st.index && s.name === st.base.toLowerCase());
    if (!parent) break;
    chain.unshift(parent);
    st = parent;
  }
  return chain;
}

function createUser(family: BaseFamily, user: string): string | null {
  switch (family) {
    case 'debian':
    case 'rhel':
      return `RUN groupadd --system ${user} && useradd --system --gid ${user} --create-home --shell /usr/sbin/nologin ${user}`;
    case 'alpine':
      return `RUN addgroup -S ${user} && adduser -S -D -G ${user} -h /home/${user} -s /sbin/nologin ${user}`;
    default:
      return null;
  }
}

export interface NonRootEdit {
  text: string;
  user: string;
}

/**
 * The Dockerfile with an unprivileged user in its final stage: the user is created right after
 * FROM (cached, before anything is copied) unless a stage already creates it, and `USER` comes
 * after the last RUN/COPY/ADD/WORKDIR, so installs still run as root and the files they make
 * stay read-only to the app. null when the base is not one we know how to add a user to.
 */
export function addNonRootUser(text: string, user: string): NonRootEdit | { reason: string } {
  const df = parseDockerfile(text);
  const final = df.stages[df.stages.length - 1];
  if (!final) return { reason: 'no FROM' };
  const chain = stageChain(df, final);
  const root = chain[0]!;
  const family = baseFamily(root.base);
  const lines = splitLines(text);
  const exists = new RegExp(`\\b(useradd|adduser)\\b[^&;|]*\\s${user}(\\s|$)`);
  const created = chain.some((st) => st.instructions.some((i) => i.cmd === 'RUN' && exists.test(i.args)));
  let userLine: string;
  if (family === 'distroless') userLine = 'USER nonroot';
  else if (created) userLine = `USER ${user}`;
  else if (createUser(family, user)) userLine = `USER ${user}`;
  else return { reason: `base image \`${root.base}\` is not a Debian, RHEL or Alpine image, so the wizard cannot be sure how to create a user there` };

  const building = final.instructions.filter((i) => ['RUN', 'COPY', 'ADD', 'WORKDIR', 'USER'].includes(i.cmd));
  // FROM may continue over several lines; the user is created after its last one.
  let fromEnd = final.fromLine;
  while (fromEnd < lines.length && /\\\s*$/.test(lines[fromEnd - 1]!)) fromEnd++;
  const userAfter = Math.max(fromEnd, ...building.map((i) => i.endLine));
  const out = [...lines];
  out.splice(userAfter, 0, userLine);
  if (family !== 'distroless' && !created) {
    out.splice(fromEnd, 0, '# An unprivileged user for the app (added by migrate-wizard)', createUser(family, user)!);
  }
  return { text: out.join('\n') + '\n', user: userLine.slice(5) };
}

/** Add an unprivileged USER to the final stage of Dockerfiles that run as root (known bases only). */
export const dockerfileNonRootUser = defineAction({
  type: 'dockerfile.non-root-user',
  schema: (z) => z.strictObject({
    type: z.literal('dockerfile.non-root-user'),
    path: z.string().min(1).optional().describe('One Dockerfile (default: every Dockerfile whose final stage runs as root)'),
    user: z.string().min(1).optional().describe('The user to create: lower-case letters, digits, _ and - (default: app)'),
  }),
  describe: (spec) => `${spec.path ?? 'every Dockerfile'}: run the final stage as ${spec.user ?? 'app'}, not root`,
  async plan(spec, ctx) {
    const user = spec.user ?? 'app';
    if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user)) throw new UserError(`dockerfile.non-root-user: "${user}" is not a valid user name`, 64, 'use lower-case letters, digits, _ and -, starting with a letter (e.g. app)');
    const project = loadDockerProject(ctx.root);
    const rootFiles = new Set(
      dockerfileFindings(project.infos, { root: ctx.root, envFiles: project.envFiles })
        .filter((f) => f.rule === 'dockerfile.root-user')
        .map((f) => f.file),
    );
    const wanted = spec.path ? [path.posix.normalize(spec.path)] : [...rootFiles];
    const ops: FileOp[] = [];
    for (const rel of wanted) {
      const bytes = await ctx.fs.read(rel);
      if (!bytes) continue;
      const decoded = decodeText(rel, bytes);
      const df = parseDockerfile(decoded.text);
      const final = df.stages[df.stages.length - 1];
      const current = final ? finalUser(df, final) : null;
      if (current !== null && !/^(root|0)(:|$)/.test(current)) continue; // already unprivileged (idempotent)
      const edit = addNonRootUser(decoded.text, user);
      if ('reason' in edit) {
        ctx.log(`${rel}:${final?.fromLine ?? 1}: not changed: ${edit.reason}; add a user and USER by hand`, 'warn');
        continue;
      }
      ctx.log(`${rel}: final stage now runs as ${edit.user}`);
      const text = decoded.finalNewline ? edit.text : edit.text.replace(/\n$/, '');
      ops.push({ kind: 'write', path: rel, content: encodeText(text, decoded) });
    }
    return ops;
  },
});
