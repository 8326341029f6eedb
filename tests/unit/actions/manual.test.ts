import { describe, expect, it } from 'vitest';
import { manual } from '../../../src/actions/manual.js';
import { InterruptedError } from '../../../src/engine/errors.js';
import type { Prompter, PromptRequest } from '../../../src/engine/prompts.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const spec = (items: unknown[]) => manual.schema.parse({ type: 'manual', items });

/** A prompter that gives a fixed answer and remembers what it was asked (a stand-in for a person). */
function answeringPrompterForTests(answer: unknown): Prompter & { asked: PromptRequest[] } {
  const asked: PromptRequest[] = [];
  return {
    asked,
    async ask(req) {
      asked.push(req);
      return answer as never;
    },
  };
}

const items = ['Team knows the new procedure', { id: 'ci', text: 'CI uses docker-compose.test.yml' }, { id: 'docs', text: 'Docs updated', required: false }];

describe('manual', () => {
  it('asks with normalised items and records what was confirmed, when and the note', async () => {
    const prompter = answeringPrompterForTests({ confirmed: ['item-1', 'ci'], note: 'told them at standup' });
    const result = await manual.execute!(spec(items), contextFor(tempProject(), { assumeYes: false, prompter }));
    expect(prompter.asked).toEqual([
      {
        kind: 'manual',
        stepId: 'test-step',
        items: [
          { id: 'item-1', text: 'Team knows the new procedure', required: true },
          { id: 'ci', text: 'CI uses docker-compose.test.yml', required: true },
          { id: 'docs', text: 'Docs updated', required: false },
        ],
      },
    ]);
    expect(result.ok).toBe(true);
    expect(result.record).toEqual({ confirmed: ['item-1', 'ci'], note: 'told them at standup', at: '2026-11-21T12:00:00.000Z' });
  });

  it('is not ok while a required item is unconfirmed', async () => {
    const prompter = answeringPrompterForTests({ confirmed: ['item-1', 'docs'] });
    const result = await manual.execute!(spec(items), contextFor(tempProject(), { assumeYes: false, prompter }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('ci');
    expect(result.record).toMatchObject({ confirmed: ['item-1', 'docs'] });
  });

  it('never signs off required items under --yes, and does not ask', async () => {
    const result = await manual.execute!(spec(items), contextFor(tempProject(), { assumeYes: true }));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/item-1.*ci/);
    expect(result.message).toContain('--yes never signs off for a person');
    expect(result.record).toBeUndefined();
  });

  it('under --yes, passes a step whose items are all optional without confirming them', async () => {
    const result = await manual.execute!(spec([{ id: 'x', text: 'nice to have', required: false }]), contextFor(tempProject()));
    expect(result).toMatchObject({ ok: true, record: { confirmed: [] } });
  });

  it('throws InterruptedError when the user quits', async () => {
    const prompter = answeringPrompterForTests({ choice: 'quit' });
    await expect(manual.execute!(spec(items), contextFor(tempProject(), { assumeYes: false, prompter }))).rejects.toBeInstanceOf(
      InterruptedError,
    );
  });

  it('rejects duplicate item ids', () => {
    expect(manual.schema.safeParse({ type: 'manual', items: [{ id: 'a', text: 'x' }, { id: 'a', text: 'y' }] }).success).toBe(false);
  });
});
