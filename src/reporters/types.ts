import type { EngineEvent } from '../engine/events.js';
import type { Prompter } from '../engine/prompts.js';

/** Renders engine events and answers prompts. Swappable: plain, json, ink. */
export interface Reporter {
  onEvent(event: EngineEvent): void;
  prompter: Prompter;
  close(): Promise<void>;
}
