import type { EngineEvent } from '../engine/events.js';
import type { Prompter } from '../engine/prompts.js';
import type { StartScreenData } from '../commands/start-screen.js';

/** Renders engine events and answers prompts. Swappable: plain, json, ink. */
export interface Reporter {
  onEvent(event: EngineEvent): void;
  prompter: Prompter;
  close(): Promise<void>;
  /** Interactive reporters only: the start screen (Resume, Roll back, Start over, Quit). */
  askStart?(facts: StartScreenData['facts'], saved: StartScreenData['saved'], playbook: StartScreenData['playbook']): Promise<'resume' | 'rollback' | 'start-over' | 'quit'>;
}
