import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_FILE_NAME, loadCachedPlaybook } from '../engine/playbook/builtin-cache.js';
import type { Playbook } from '../engine/playbook/types.js';
import { detectFacts, FACT_NAMES, type ProjectFacts } from '../facts/detect.js';
import { createJsonReporter } from '../reporters/json.js';
import { createPlainReporter } from '../reporters/plain.js';
import { createReadlinePrompter } from '../reporters/readline-prompter.js';
import type { Reporter } from '../reporters/types.js';
import type { CommandIO, GlobalOptions } from './options.js';
export { projectRoot, readSavedState } from './project.js';

/** Set by scripts/build.mjs: which dist/builtin-playbooks.json this bundle trusts. Absent when run from src. */
declare const __MW_PLAYBOOK_CACHE_KEY__: string;
const PLAYBOOK_CACHE_KEY = typeof __MW_PLAYBOOK_CACHE_KEY__ === 'string' ? __MW_PLAYBOOK_CACHE_KEY__ : undefined;

/** The folder holding built-in playbooks: next to dist/ when bundled, at the repo root in tests. */
export function builtinPhasesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, '..', 'phases'), path.join(here, '..', '..', 'phases')]) {
    if (existsSync(candidate)) return candidate;
  }
  return path.join(here, '..', 'phases');
}

export function resolvePlaybookDir(name: string, root: string): { dir: string; name: string; builtin: boolean } {
  const looksLikePath = name.includes('/') || name.includes(path.sep) || name.startsWith('.');
  if (looksLikePath) {
    const dir = path.resolve(process.cwd(), name);
    const inProject = path.resolve(root, name);
    return { dir: existsSync(dir) ? dir : inProject, name, builtin: false };
  }
  return { dir: path.join(builtinPhasesDir(), name), name, builtin: true };
}

/**
 * A built-in playbook comes from dist/builtin-playbooks.json when that provably matches the files
 * (~2 ms); otherwise, and for every other playbook, the loader parses and validates the YAML
 * (~160 ms, loaded on demand so the cached path never pulls in yaml or zod).
 */
export async function loadFor(opts: GlobalOptions, root: string): Promise<{ playbook: Playbook; facts: ProjectFacts }> {
  const facts = detectFacts(root);
  const { dir, name, builtin } = resolvePlaybookDir(opts.playbook, root);
  const knownVariables = [...FACT_NAMES, ...Object.keys(opts.set)];
  const cached =
    builtin && PLAYBOOK_CACHE_KEY
      ? loadCachedPlaybook({ file: path.join(path.dirname(fileURLToPath(import.meta.url)), CACHE_FILE_NAME), key: PLAYBOOK_CACHE_KEY, dir, name, knownVariables })
      : undefined;
  const playbook = cached ?? (await import('../engine/playbook/load.js')).loadPlaybook(dir, name, { knownVariables });
  return { playbook, facts };
}

export function canAsk(opts: GlobalOptions, io: CommandIO): boolean {
  return !opts.json && !opts.yes && Boolean(io.stdin.isTTY) && Boolean(io.stderr.isTTY) && !process.env.CI;
}

/** JSON when asked; Ink on an interactive terminal; plain otherwise (pipes, CI, --plain). */
export async function pickReporter(opts: GlobalOptions, io: CommandIO, projectName: string, logDir: string): Promise<Reporter> {
  if (opts.json) return createJsonReporter(io.stdout);
  const interactive = Boolean(io.stdin.isTTY) && Boolean(io.stderr.isTTY) && !process.env.CI;
  if (interactive && !opts.plain) {
    const ink = await loadInkReporter();
    if (ink) return ink({ stderr: io.stderr, stdin: io.stdin, projectName, logDir, onInterrupt: io.interrupt });
  }
  const prompter = interactive && !opts.yes ? createReadlinePrompter(io.stdin, io.stderr) : undefined;
  return createPlainReporter(io.stderr, prompter);
}

type InkFactory = (o: { stderr: NodeJS.WriteStream; stdin: NodeJS.ReadStream; projectName: string; logDir: string; onInterrupt: () => void }) => Reporter;

async function loadInkReporter(): Promise<InkFactory | null> {
  try {
    const mod = (await import('../reporters/ink/index.js')) as { createInkReporter?: InkFactory };
    return mod.createInkReporter ?? null;
  } catch {
    return null;
  }
}
