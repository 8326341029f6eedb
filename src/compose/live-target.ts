/**
 * One compose project as the live checks address it: a file, a project name (`-p`) and an
 * env file (`--env-file`). Also what the live checks read from the file itself: which
 * services `up` starts, and the `x-migrate-wizard` hints.
 */
import type { z } from 'zod';
import type { ZodApi } from '../engine/zod-api.js';
import { parse } from 'yaml';
import { UserError } from '../engine/errors.js';
import { resolveInside } from '../engine/paths.js';
import type { StepContext } from '../actions/types.js';
import { shellQuote } from '../actions/run-process.js';
import type { ComposeCli } from './engine-cli.js';

/** Compose project names: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * A valid name, or one built from `{{variables}}` (playbooks are validated before they are
 * substituted; the substituted name is checked when the check runs, see badProjectName).
 */
export const projectName = (z: ZodApi) =>
  z
    .string()
    .refine((s) => PROJECT_NAME.test(s) || /\{\{/.test(s), 'a compose project name: lowercase letters, digits, - and _ (or built from {{variables}})')
    .describe('Compose project name, passed as -p (e.g. shop-dev or "{{projectName}}-dev")');

/**
 * Why a (substituted) project name cannot be used, or undefined. Compose v1 would silently
 * rewrite "My.Shop" to "myshop", and the checks would then look for the wrong label.
 */
export function badProjectName(...targets: ComposeTarget[]): string | undefined {
  const bad = targets.find((t) => !PROJECT_NAME.test(t.project));
  if (!bad) return undefined;
  const suggestion = bad.project.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[-_]+/, '') || 'app';
  return `"${bad.project}" is not a compose project name (lowercase letters, digits, - and _, starting with a letter or digit), e.g. "${suggestion}"; if it comes from {{projectName}}, pass --set projectName=<valid name>`;
}

export const composeTargetShape = (z: ZodApi) => ({
  file: z.string().min(1).describe('Compose file, relative to the project root'),
  project: projectName(z),
  envFile: z.string().min(1).optional().describe('Env file passed as --env-file (default: none)'),
});
export const composeTarget = (z: ZodApi) => z.strictObject(composeTargetShape(z));
export type ComposeTarget = z.infer<ReturnType<typeof composeTarget>>;

/** `<cli> -f file -p project [--env-file env] ...args`; paths stay relative (the cwd is the project root). */
export function composeArgv(cli: Pick<ComposeCli, 'argv'>, target: ComposeTarget, ...args: string[]): string[] {
  const env = target.envFile ? ['--env-file', target.envFile] : [];
  return [...cli.argv, '-f', target.file, '-p', target.project, ...env, ...args];
}

/** The command a user can run later, for "skipped" messages. */
export function laterCommand(cli: Pick<ComposeCli, 'argv'> | null, target: ComposeTarget, ...args: string[]): string {
  return shellQuote(composeArgv(cli ?? { argv: ['docker', 'compose'] }, target, ...args));
}

/** Fail early, naming the file, when the compose or env file is missing. */
export async function assertTargetFiles(target: ComposeTarget, ctx: StepContext): Promise<void> {
  resolveInside(ctx.root, target.file, 'compose file');
  if (!(await ctx.fs.exists(target.file))) {
    throw new UserError(`${target.file} does not exist`, 1, 'run the step that creates it first');
  }
  if (target.envFile) {
    resolveInside(ctx.root, target.envFile, 'env file');
    if (!(await ctx.fs.exists(target.envFile))) {
      throw new UserError(`${target.envFile} does not exist (the --env-file for ${target.file})`, 1, 'create it or fix envFile');
    }
  }
}

export interface ServiceInfo {
  name: string;
  /** Has `profiles:`: `up` does not start it unless the profile is enabled. */
  inProfile: boolean;
  /** `x-migrate-wizard.http`: a path (on the first published port) or {port, path}. */
  httpHint?: { path: string; port?: number };
}

/** Services declared in a compose file (merge keys resolved). Throws UserError naming the file. */
export async function readServices(file: string, ctx: StepContext): Promise<ServiceInfo[]> {
  const bytes = await ctx.fs.read(file);
  if (!bytes) throw new UserError(`${file} does not exist`, 1, 'run the step that creates it first');
  let doc: unknown;
  try {
    doc = parse(bytes.toString('utf8'), { merge: true, uniqueKeys: false });
  } catch (err) {
    const pos = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw new UserError(`${where}: not valid YAML`, 1, 'fix the file, then run the check again');
  }
  const services = (doc as { services?: Record<string, unknown> } | null)?.services;
  if (!services || typeof services !== 'object') return [];
  return Object.entries(services).map(([name, raw]) => {
    const svc = (raw ?? {}) as Record<string, unknown>;
    const hint = (svc['x-migrate-wizard'] ?? {}) as { http?: unknown };
    let httpHint: ServiceInfo['httpHint'];
    if (typeof hint.http === 'string') httpHint = { path: hint.http };
    else if (hint.http && typeof hint.http === 'object') {
      const h = hint.http as { path?: unknown; port?: unknown };
      httpHint = { path: typeof h.path === 'string' ? h.path : '/', port: typeof h.port === 'number' ? h.port : undefined };
    }
    return { name, inProfile: Array.isArray(svc.profiles) && svc.profiles.length > 0, httpHint };
  });
}
