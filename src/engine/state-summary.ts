import type { PhaseOutline, StepStatus } from './events.js';
import type { Session } from './session.js';
import type { SavedState, SavedStep } from './state.js';

function current(session: Session): SavedState {
  return (
    session.state.read() ?? {
      version: 1,
      playbook: '',
      vars: {},
      steps: {},
      updatedAt: new Date().toISOString(),
    }
  );
}

export function startState(session: Session, playbook: string, vars: Record<string, string>, outline: PhaseOutline[]): void {
  const state = current(session);
  session.state.write(session.redactor.deep({ ...state, playbook, vars, outline }));
}

export function recordStep(session: Session, id: string, step: Omit<SavedStep, 'at'>): void {
  const state = current(session);
  const previous = state.steps[id];
  state.steps[id] = session.redactor.deep({ ...previous, ...step, at: new Date().toISOString() });
  state.current = step.status === 'running' ? id : state.current === id ? undefined : state.current;
  session.state.write(state);
}

export function markSteps(session: Session, ids: string[], status: StepStatus): void {
  const state = current(session);
  for (const id of ids) {
    const previous = state.steps[id];
    state.steps[id] = { phase: previous?.phase ?? '', status, at: new Date().toISOString() };
  }
  if (state.current && ids.includes(state.current)) state.current = undefined;
  session.state.write(state);
}
