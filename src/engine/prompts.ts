/**
 * Questions the engine asks. A reporter answers them (Ink: a menu; plain: readline on a TTY).
 * With `--yes`, the engine never asks and takes `safeDefault` instead. With no TTY and no
 * `--yes`, asking throws NeedsInputError naming the flag.
 */
export type PromptRequest =
  | {
      kind: 'confirm-step';
      stepId: string;
      title: string;
      why: string;
      /** Unified diffs of the planned file changes, one per file. */
      diffs: { path: string; diff: string }[];
      /** Non-file effects, e.g. "run: make test". */
      effects: string[];
    }
  | {
      kind: 'check-failed';
      stepId: string;
      message: string;
      lastLogLines: string[];
    }
  | {
      kind: 'manual';
      stepId: string;
      items: { id: string; text: string; required: boolean }[];
    }
  | {
      kind: 'variable';
      name: string;
      description: string;
      suggestion?: string;
    }
  | {
      kind: 'confirm-dangerous';
      message: string;
      /** The user must type this exactly. */
      expected: string;
    };

export type PromptAnswer<K extends PromptRequest['kind']> = K extends 'confirm-step'
  ? { choice: 'apply' } | { choice: 'skip'; reason: string } | { choice: 'quit' }
  : K extends 'check-failed'
    ? { choice: 'retry' | 'revert' | 'skip' | 'quit' }
    : K extends 'manual'
      ? { confirmed: string[]; note?: string } | { choice: 'quit' }
      : K extends 'variable'
        ? { value: string }
        : K extends 'confirm-dangerous'
          ? { confirmed: boolean }
          : never;

export interface Prompter {
  ask<R extends PromptRequest>(request: R): Promise<PromptAnswer<R['kind']>>;
}

/** The flag that answers a prompt without a terminal. */
export function flagFor(request: PromptRequest): string {
  switch (request.kind) {
    case 'variable':
      return `--set ${request.name}=<value>`;
    default:
      return '--yes';
  }
}
