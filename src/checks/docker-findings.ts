import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ZodApi } from '../engine/zod-api.js';
import { dockerfileFindings } from '../audit/dockerfile-findings.js';
import { loadDockerProject, type DockerProject } from '../audit/docker-project.js';
import type { Finding, Rule } from '../audit/findings.js';
import { resolveInside } from '../engine/paths.js';
import { failed, passed, skipped, type CheckResult } from './types.js';

/**
 * Shared by the Dockerfile checks (not a check type itself): the audit's own findings, filtered
 * to the rules a check stands for, so `audit` and a playbook check never disagree about a file.
 */
export const dockerfilePath = (z: ZodApi) =>
  z
    .string()
    .min(1)
    .optional()
    .describe('One Dockerfile to check (default: every Dockerfile in the project, .gitignore honoured)');

/** The project's Docker files; with `only`, just that Dockerfile (which must exist). */
export function dockerProjectFor(root: string, only?: string): DockerProject | CheckResult {
  if (only) resolveInside(root, only, 'Dockerfile path');
  if (only && !existsSync(path.join(root, only))) return failed(`${only} does not exist`);
  const project = loadDockerProject(root);
  if (only) {
    const rel = path.posix.normalize(only);
    project.dockerfiles = project.dockerfiles.filter((d) => d.rel === rel);
    project.infos = project.infos.filter((i) => i.rel === rel);
    if (!project.infos.length) return failed(`${only} is not a Dockerfile the project builds (or it is ignored by git)`);
  }
  if (!project.infos.length) return skipped('no Dockerfile in the project');
  return project;
}

export function isResult(x: DockerProject | CheckResult): x is CheckResult {
  return 'status' in x;
}

/** Audit findings of these rules for the project's Dockerfiles. */
export function dockerfileRuleFindings(project: DockerProject, rules: readonly Rule[]): Finding[] {
  return dockerfileFindings(project.infos, { root: project.root, envFiles: project.envFiles })
    .filter((f) => rules.includes(f.rule))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

/** One line per place: `file:line: what` (related places indented under it). */
export function findingLines(findings: Finding[]): string {
  return findings
    .map((f) => [`${f.file}:${f.line}: ${f.title}`, ...(f.related ?? []).map((r) => `  also ${r.file}:${r.line}`)].join('\n'))
    .join('\n');
}

/** failed with every place and the fix, or passed naming how many files were checked. */
export function resultOf(findings: Finding[], checked: number, okWhat: string, fix: string): CheckResult {
  if (findings.length) return failed(`${findingLines(findings)}\nFix: ${fix}`);
  return passed(`${okWhat} (${checked} Dockerfile${checked === 1 ? '' : 's'} checked)`);
}
