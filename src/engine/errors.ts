/**
 * Errors a user can act on. The CLI prints `message` (and `hint`) without a stack
 * trace and exits with `exitCode`. Anything else is an internal error.
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  planHasChanges: 2,
  locked: 3,
  drift: 4,
  usage: 64,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.usage,
    /** What to do about it, one line. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Input is needed but no TTY is attached and `--yes` was not given. */
export class NeedsInputError extends UserError {
  constructor(question: string, flag: string) {
    super(`${question}: an answer is needed, but there is no terminal to ask in`, ExitCode.usage, `pass ${flag}`);
    this.name = 'NeedsInputError';
  }
}

/** A file is not in the state the journal says it should be in. */
export class DriftError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.drift, hint);
    this.name = 'DriftError';
  }
}

export class LockedError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.locked, hint);
    this.name = 'LockedError';
  }
}

/** The user asked to stop (Ctrl+C, or "quit" at a prompt). State is saved. */
export class InterruptedError extends UserError {
  constructor(message = 'interrupted') {
    super(message, ExitCode.interrupted, 'run `migrate-wizard` again to resume');
    this.name = 'InterruptedError';
  }
}
