import Conf from 'conf';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.js';
import type { PhaseOutline, StepStatus } from './events.js';

export interface ManualRecord {
  confirmed: string[];
  note?: string;
  at: string;
}

export interface SavedStep {
  status: StepStatus;
  at: string;
  phase: string;
  reason?: string;
  manual?: ManualRecord;
}

/** A summary for `status` and the UI. The journal stays the source of truth for file changes. */
export interface SavedState {
  version: 1;
  playbook: string;
  vars: Record<string, string>;
  steps: Record<string, SavedStep>;
  /** The step a run was in when it stopped. */
  current?: string;
  /** Phases and steps as last loaded, so `status` needs no playbook parse. */
  outline?: PhaseOutline[];
  updatedAt: string;
}

function positionOf(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return `${text.split('\n').length}:1`;
  const before = text.slice(0, Number(match[1]));
  const lines = before.split('\n');
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

function corruptStateError(file: string): UserError {
  let where = '1:1';
  try {
    const text = readFileSync(file, 'utf8');
    try {
      JSON.parse(text);
      where = '1:1';
    } catch (err) {
      where = positionOf(text, (err as Error).message);
    }
  } catch {
    // unreadable: keep 1:1
  }
  const rel = path.join(path.basename(path.dirname(file)), path.basename(file));
  return new UserError(
    `${rel}:${where}: the saved state is not valid JSON (half-written or edited by hand); it was left exactly as it is`,
    64,
    `the journal is intact: move the file aside (mv ${rel} ${rel}.corrupt) and the next run rebuilds it from the journal`,
  );
}

/** Opens state.json through conf. Never clears an invalid file: a user's progress is not ours to wipe. */
export class StateStore {
  private readonly conf: Conf<SavedState>;

  constructor(readonly file: string) {
    try {
      this.conf = new Conf<SavedState>({
        cwd: path.dirname(file),
        configName: path.basename(file, '.json'),
        clearInvalidConfig: false,
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
      });
      // Touch the store so a corrupt file is reported here, not mid-run.
      void this.conf.store;
    } catch (err) {
      if (err instanceof SyntaxError || /JSON/.test((err as Error).message)) throw corruptStateError(file);
      throw err;
    }
  }

  static exists(file: string): boolean {
    return existsSync(file);
  }

  read(): SavedState | null {
    const store = this.conf.store as Partial<SavedState>;
    if (!store.version) return null;
    return store as SavedState;
  }

  write(state: SavedState): void {
    this.conf.store = { ...state, updatedAt: new Date().toISOString() };
  }
}
