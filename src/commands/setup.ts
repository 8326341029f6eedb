import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlaybook } from '../engine/playbook/load.js';
import type { Playbook } from '../engine/playbook/types.js';
import { detectFacts, FACT_NAMES, type ProjectFacts } from '../facts/detect.js';
import { createJsonReporter } from '../reporters/json.js';
import { createPlainReporter } from '../reporters/plain.js';
import { createReadlinePrompter } from '../reporters/readline-prompter.js';
import type { Reporter } from '../reporters/types.js';
import type { CommandIO, GlobalOptions } from './options.js';
export { projectRoot, readSavedState } from './project.js';

/** The folder holding built-in playbooks: next to dist/ when bundled, at the repo root in tests. */
export function builtinPhasesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, '..', 'phases'), path.join(here, '..', '..', 'phases')]) {
    if (existsSync(candidate)) return candidate;
  }
  return path.join(here, '..', 'phases');
}

export function resolvePlaybookDir(name: string, root: string): { dir: string; name: string } {
  const looksLikePath = name.includes('/') || name.includes(path.sep) || name.startsWith('.');
  if (looksLikePath) {
    const dir = path.resolve(process.cwd(), name);
    const inProject = path.resolve(root, name);
    return { dir: existsSync(dir) ? dir : inProject, name };
  }
  return { dir: path.join(builtinPhasesDir(), name), name };
}

export function loadFor(opts: GlobalOptions, root: string): { playbook: Playbook; facts: ProjectFacts } {
  const facts = detectFacts(root);
  const { dir, name } = resolvePlaybookDir(opts.playbook, root);
  const playbook = loadPlaybook(dir, name, { knownVariables: [...FACT_NAMES, ...Object.keys(opts.set)] });
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
