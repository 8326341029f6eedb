/**
 * Types the Ink reporter adds on top of the engine contracts. The start screen is asked by the
 * CLI before the engine runs, so it is not an engine prompt; everything else is.
 */
import type { PhaseOutline } from '../../engine/events.js';
import type { PromptRequest } from '../../engine/prompts.js';

/** Facts detected in the project, shown on the start screen. */
export interface ProjectFacts {
  composeCli?: { name: string; version: string };
  composeFiles: string[];
  envFiles: string[];
  makefile: boolean;
  engineReachable: boolean;
}

/** What the saved state says about an unfinished run (null/undefined: no saved run). */
export interface SavedRunInfo {
  /** The step the run stopped at (where Resume re-enters). */
  stepId: string;
  stepTitle?: string;
  phaseId?: string;
  /** ISO time the state was last saved. */
  savedAt?: string;
  /** Steps finished so far / all steps, when known. */
  done?: number;
  total?: number;
}

/** The playbook as shown on the start screen. */
export interface PlaybookOutline {
  name: string;
  phases: PhaseOutline[];
}

/**
 * 'resume' also answers "Start" when there is no saved run (run from the first pending step);
 * 'start-over' means roll everything back first, then run from the beginning.
 */
export type StartChoice = 'resume' | 'rollback' | 'start-over' | 'quit';

export interface StartRequest {
  kind: 'start';
  facts: ProjectFacts;
  saved: SavedRunInfo | null;
  playbook?: PlaybookOutline;
}

/** Every question the UI can be showing. */
export type UiRequest = PromptRequest | StartRequest;
