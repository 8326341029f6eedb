/** Sample engine data for the Ink reporter's component tests. */
import type { PhaseOutline, RunSummary, StepOutline } from '../../src/engine/events.js';

export function step(id: string, over: Partial<StepOutline> = {}): StepOutline {
  return { id, title: `Title of ${id}`, risk: 'low', priority: 'high', why: `Why ${id} matters.`, status: 'pending', ...over };
}

export function phases(): PhaseOutline[] {
  return [
    {
      id: 'prepare',
      title: 'Phase 1: Prepare',
      steps: [
        step('backup', { status: 'passed', title: 'Back up compose files and env' }),
        step('dev-compose', { status: 'running', risk: 'medium', priority: 'critical', title: 'Create docker-compose.dev.yml' }),
        step('env-rename', { title: 'Rename .env to .env.dev' }),
      ],
    },
    {
      id: 'split',
      title: 'Phase 2: Split environments',
      steps: [
        step('test-compose', { risk: 'high', status: 'failed' }),
        step('makefile-targets', { status: 'skipped' }),
        step('sign-off', { status: 'rolled-back', risk: 'critical', priority: 'low' }),
      ],
    },
  ];
}

/** Many steps, to make a list taller than the terminal. */
export function manyPhases(perPhase = 15, count = 3): PhaseOutline[] {
  return Array.from({ length: count }, (_, p) => ({
    id: `phase-${p + 1}`,
    title: `Phase ${p + 1}`,
    steps: Array.from({ length: perPhase }, (_, i) => step(`p${p + 1}-step-${String(i + 1).padStart(2, '0')}`)),
  }));
}

export const DIFF_COMPOSE = [
  '--- docker-compose.dev.yml',
  '+++ docker-compose.dev.yml',
  '@@ -0,0 +1,4 @@',
  '+services:',
  '+  web:',
  '+    container_name: shop-web-dev',
  '+    ports: ["8000:8000"]',
  '',
].join('\n');

export const DIFF_MAKEFILE = [
  '--- Makefile',
  '+++ Makefile',
  '@@ -1,3 +1,4 @@',
  ' up:',
  '-\tdocker compose up -d',
  '+\tdocker compose -p shop-dev -f docker-compose.dev.yml up -d',
  '+dev-up: up',
  '',
].join('\n');

export function summary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    created: ['docker-compose.dev.yml', 'docker-compose.test.yml'],
    modified: ['Makefile'],
    renamed: [{ from: '.env', to: '.env.dev' }],
    skipped: [{ stepId: 'sign-off', reason: 'team is away this week' }],
    failed: [],
    next: ['make dev-up', 'make test-up'],
    logFile: '/home/me/shop/.migrate-wizard/logs/run-2026-11-21T20-40-00.log',
    ...over,
  };
}
