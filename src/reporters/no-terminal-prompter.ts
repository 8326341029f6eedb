import { NeedsInputError } from '../engine/errors.js';
import { flagFor, type Prompter, type PromptRequest } from '../engine/prompts.js';

function question(req: PromptRequest): string {
  switch (req.kind) {
    case 'confirm-step':
      return `apply step "${req.stepId}"`;
    case 'check-failed':
      return `step "${req.stepId}" failed (${req.message}); retry, revert, skip or quit`;
    case 'manual':
      return `step "${req.stepId}" needs a person to confirm: ${req.items.map((i) => i.text).join('; ')}`;
    case 'variable':
      return `a value for {{${req.name}}} (${req.description})`;
    case 'confirm-dangerous':
      return req.message;
  }
}

/** Used when nothing can answer (no TTY, CI, --json): fail at once, naming the flag that answers. */
export const noTerminalPrompter: Prompter = {
  async ask(req) {
    throw new NeedsInputError(question(req), flagFor(req));
  },
};
