import type { z } from 'zod';
import { zodApi, type ZodApi } from '../engine/zod-api.js';
import type { FileOp, ProjectFs } from '../engine/project-fs.js';
import type { Prompter } from '../engine/prompts.js';

/** What an action or check gets to work with. */
export interface StepContext {
  /** Absolute project root. */
  root: string;
  fs: ProjectFs;
  /** Resolved variables (already substituted into specs; here for reference). */
  vars: Readonly<Record<string, string>>;
  stepId: string;
  /** A log line for the user; secrets are redacted by the engine. */
  log(line: string, level?: 'info' | 'warn' | 'error'): void;
  /** Output of a command the wizard runs, streamed line by line. */
  output(line: string, stream: 'stdout' | 'stderr'): void;
  /** Aborted on Ctrl+C. Long-running work must stop promptly. */
  signal: AbortSignal;
  prompter: Prompter;
  /** True under --yes: never ask, take the safe default. */
  assumeYes: boolean;
  /** Current time; injectable so dated names are stable in tests. */
  now(): Date;
  /**
   * What the migration has changed so far, from the journal (applied and not rolled back),
   * oldest first. For generated docs such as ROLLBACK_PROCEDURE.md. Empty in `plan`.
   */
  appliedChanges?(): AppliedFileChange[];
}

export interface AppliedFileChange {
  stepId: string;
  kind: 'create' | 'modify' | 'rename';
  path: string;
  /** For renames: the old name. */
  from?: string;
  /** sha256 of the bytes before (modify) and after (create/modify/rename). */
  beforeSha256?: string;
  afterSha256: string;
}

/** Result of an action that runs something instead of (or as well as) changing files. */
export interface EffectResult {
  ok: boolean;
  message?: string;
  /** Not a failure: waiting for a person (a sign-off). The step stays pending and the run ends non-zero. */
  pending?: boolean;
  /** Argv to run on rollback; recorded in the journal. */
  revertArgv?: string[];
  /** Recorded in state, e.g. manual sign-offs. */
  record?: Record<string, unknown>;
}

/**
 * One action type, in one file under src/actions/. Register it in src/actions/index.ts.
 * `schema` must be a strict zod object whose `type` is the literal type name.
 */
export interface ActionDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> {
  type: string;
  schema: S;
  /** One line for the checklist, e.g. "rename .env → .env.dev". */
  describe(spec: z.infer<S>): string;
  /**
   * The file changes this action would make, given the project as it is now.
   * Must be idempotent: when the change is already there, return [].
   */
  plan?(spec: z.infer<S>, ctx: StepContext): Promise<FileOp[]>;
  /**
   * `plan` reads the project only through ctx.fs (it may also probe for free ports), so the
   * engine may apply a plan made moments before (preflight, or the preview the user confirmed)
   * when every read still gives the same answer, instead of planning again.
   */
  replayablePlan?: boolean;
  /** Side effects that are not file writes (running a command, asking for sign-off). */
  execute?(spec: z.infer<S>, ctx: StepContext): Promise<EffectResult>;
  /** How the effect shows in a preview, e.g. "run: make -n all". */
  describeEffect?(spec: z.infer<S>): string;
}

/**
 * `schema` is built on first use, from the zod API it is given (see src/engine/zod-api.ts): only
 * loading a playbook that is not precompiled validates specs.
 */
export function defineAction<S extends z.ZodTypeAny>(def: Omit<ActionDefinition<S>, 'schema'> & { schema: (zod: ZodApi) => S }): ActionDefinition<S> {
  return withLazySchema(def);
}

export function withLazySchema<D extends { schema: (zod: ZodApi) => unknown }>(def: D): Omit<D, 'schema'> & { readonly schema: ReturnType<D['schema']> } {
  const build = def.schema;
  let built: ReturnType<D['schema']> | undefined;
  return Object.defineProperty({ ...def }, 'schema', {
    get: () => (built ??= build(zodApi()) as ReturnType<D['schema']>),
    enumerable: true,
  }) as never;
}
