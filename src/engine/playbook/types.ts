import type { Priority, Risk } from '../events.js';

/** An action or check as written in YAML, validated against its type's schema. */
export interface TypedSpec {
  type: string;
  [key: string]: unknown;
}

export interface StepCondition {
  exists?: string;
  absent?: string;
}

export interface Step {
  id: string;
  title: string;
  risk: Risk;
  priority: Priority;
  why: string;
  when?: StepCondition;
  actions: TypedSpec[];
  checks: TypedSpec[];
  phaseId: string;
  /** Where the step was defined, for messages: `file:line`. */
  source: string;
}

export interface Phase {
  id: string;
  title: string;
  description?: string;
  steps: Step[];
  file: string;
}

export interface VariableDeclaration {
  description: string;
  default?: string;
}

export interface Playbook {
  name: string;
  dir: string;
  title: string;
  description?: string;
  vars: Record<string, VariableDeclaration>;
  /** Commands to suggest when the run ends (may use variables). */
  next?: string[];
  phases: Phase[];
}
