import path from 'node:path';
import { classify, isEnvTemplate } from './classify.js';
import { clearComposeCache, readCompose, type ComposeFile, type ComposeService } from './compose.js';
import { parseDockerfile, type Dockerfile } from './dockerfile.js';
import type { DockerfileInfo } from './dockerfile-findings.js';
import { readText } from './read.js';
import { forEachFile } from './walk.js';

/**
 * The Docker side of a project, as the audit sees it: every Dockerfile (parsed), every compose
 * file, and which build contexts each Dockerfile is built with. Shared by the audit scan and by
 * the hardening checks and actions, so a playbook check and the audit never disagree.
 */
export interface DockerProject {
  root: string;
  /** Sorted by path. */
  dockerfiles: { rel: string; df: Dockerfile; text: string }[];
  compose: ComposeFile[];
  infos: DockerfileInfo[];
  /** Walked (not git-ignored) env files that are not templates. */
  envFiles: string[];
}

/** The Dockerfile and context (project-relative, '' for the root) a compose `build:` uses; null for remote contexts. */
export function composeDockerfile(c: ComposeFile, build: NonNullable<ComposeService['build']>): { df: string; ctx: string } | null {
  if (/^[a-z]+:\/\//i.test(build.context) || build.context.startsWith('git@')) return null;
  const dir = path.posix.dirname(c.rel);
  const ctx = path.posix.normalize(path.posix.join(dir, build.context || '.')).replace(/\/$/, '');
  const df = path.posix.normalize(path.posix.join(ctx, build.dockerfile ?? 'Dockerfile'));
  return { df, ctx: ctx === '.' ? '' : ctx };
}

/** Build contexts from compose `build:` (else the Dockerfile's own folder), and compose-side healthchecks. */
export function dockerfileInfos(dockerfiles: { rel: string; df: Dockerfile }[], composeFiles: ComposeFile[]): DockerfileInfo[] {
  const contexts = new Map<string, Set<string>>();
  const composeHc = new Map<string, boolean>();
  for (const c of composeFiles) {
    for (const s of c.services) {
      if (!s.build) continue;
      const r = composeDockerfile(c, s.build);
      if (!r) continue;
      if (!contexts.has(r.df)) contexts.set(r.df, new Set());
      contexts.get(r.df)!.add(r.ctx);
      if (s.healthcheck === 'yes') composeHc.set(r.df, true);
    }
  }
  return dockerfiles.map((d) => {
    const dir = path.posix.dirname(d.rel);
    return {
      rel: d.rel,
      df: d.df,
      contexts: [...(contexts.get(d.rel) ?? new Set([dir === '.' ? '' : dir]))],
      composeHealthcheck: composeHc.get(d.rel) ?? false,
    };
  });
}

/** Walk the project (honouring .gitignore) and read only its Dockerfiles, compose files and env file names. */
export function loadDockerProject(root: string): DockerProject {
  clearComposeCache();
  const dockerfiles: DockerProject['dockerfiles'] = [];
  const composeRels: string[] = [];
  const envFiles: string[] = [];
  forEachFile(root, (rel, abs) => {
    const kind = classify(rel);
    if (kind === 'dockerfile') {
      const text = readText(abs);
      if (text !== null) dockerfiles.push({ rel, df: parseDockerfile(text), text });
    } else if (kind === 'compose') composeRels.push(rel);
    else if (kind === 'env' && !isEnvTemplate(path.posix.basename(rel).toLowerCase())) envFiles.push(rel);
  });
  dockerfiles.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  composeRels.sort();
  envFiles.sort();
  const compose = composeRels.map((rel) => readCompose(root, rel));
  return { root, dockerfiles, compose, infos: dockerfileInfos(dockerfiles, compose), envFiles };
}
