import { createInterface } from 'node:readline/promises';
import type { Prompter, PromptAnswer, PromptRequest } from '../engine/prompts.js';

/** Plain questions on a terminal, for `--plain` in a TTY (the Ink UI is the default there). */
export function createReadlinePrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const ask = async (q: string): Promise<string> => {
    const rl = createInterface({ input, output, terminal: false });
    try {
      return (await rl.question(q)).trim();
    } finally {
      rl.close();
    }
  };
  return {
    async ask<R extends PromptRequest>(req: R): Promise<PromptAnswer<R['kind']>> {
      type A = PromptAnswer<R['kind']>;
      switch (req.kind) {
        case 'confirm-step': {
          output.write(`\n${req.title} [${req.stepId}]\n  ${req.why}\n`);
          for (const d of req.diffs) output.write(d.diff.endsWith('\n') ? d.diff : d.diff + '\n');
          for (const e of req.effects) output.write(`  will ${e}\n`);
          const a = (await ask('Apply this step? [a]pply / [s]kip / [q]uit: ')).toLowerCase();
          if (a.startsWith('s')) return { choice: 'skip', reason: (await ask('Reason for skipping: ')) || 'skipped by user' } as A;
          if (a.startsWith('a') || a.startsWith('y')) return { choice: 'apply' } as A;
          return { choice: 'quit' } as A;
        }
        case 'check-failed': {
          output.write(`\nStep ${req.stepId} failed: ${req.message}\n`);
          for (const l of req.lastLogLines) output.write(`  │ ${l}\n`);
          const a = (await ask('[r]etry / roll [b]ack this step / [s]kip / [q]uit and resume later: ')).toLowerCase();
          const choice = a.startsWith('r') ? 'retry' : a.startsWith('b') ? 'revert' : a.startsWith('s') ? 'skip' : 'quit';
          return { choice } as A;
        }
        case 'manual': {
          const confirmed: string[] = [];
          for (const item of req.items) {
            const a = (await ask(`Confirm: ${item.text} [y/N/q]: `)).toLowerCase();
            if (a.startsWith('q')) return { choice: 'quit' } as A;
            if (a.startsWith('y')) confirmed.push(item.id);
          }
          const note = await ask('Note (optional): ');
          return { confirmed, note: note || undefined } as A;
        }
        case 'variable': {
          const v = await ask(`${req.description} {{${req.name}}}${req.suggestion ? ` [${req.suggestion}]` : ''}: `);
          return { value: v || req.suggestion || '' } as A;
        }
        case 'confirm-dangerous': {
          const v = await ask(`${req.message}\nType "${req.expected}" to confirm: `);
          return { confirmed: v === req.expected } as A;
        }
      }
      throw new Error('unknown prompt');
    },
  };
}
