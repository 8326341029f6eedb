import { readdirSync } from 'node:fs';
import { detectLive, ensureVersion } from '../compose/engine-cli.js';
import type { PhaseOutline } from '../engine/events.js';
import type { Playbook } from '../engine/playbook/types.js';
import type { SavedState } from '../engine/state.js';

/** What the start screen shows: detected facts, and where a saved run stopped. */
export interface StartScreenData {
  facts: {
    composeCli?: { name: string; version: string };
    composeFiles: string[];
    envFiles: string[];
    makefile: boolean;
    engineReachable: boolean;
  };
  saved: { stepId: string; stepTitle?: string; phaseId?: string; savedAt?: string; done: number; total: number } | null;
  playbook: { name: string; phases: PhaseOutline[] };
}

export async function startScreenData(root: string, playbook: Playbook, saved: SavedState | null): Promise<StartScreenData> {
  const names = readdirSync(root);
  const live = await detectLive();
  let version = '';
  if (live.cli) version = await ensureVersion(live.cli).catch(() => '');
  const steps = playbook.phases.flatMap((p) => p.steps.map((s) => ({ phase: p.id, step: s })));
  const statusOf = (id: string) => saved?.steps[id]?.status ?? 'pending';
  const done = steps.filter((s) => ['passed', 'skipped'].includes(statusOf(s.step.id))).length;
  const stoppedAt = saved?.current ? steps.find((s) => s.step.id === saved.current) : steps.find((s) => !['passed', 'skipped'].includes(statusOf(s.step.id)));
  const started = saved && Object.keys(saved.steps).length > 0;
  return {
    facts: {
      composeCli: live.cli ? { name: live.cli.name, version } : undefined,
      composeFiles: names.filter((n) => /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(n)).sort(),
      envFiles: names.filter((n) => /^\.env(\..+)?$/.test(n)).sort(),
      makefile: names.includes('Makefile') || names.includes('makefile'),
      engineReachable: live.engine.reachable,
    },
    saved:
      started && stoppedAt
        ? { stepId: stoppedAt.step.id, stepTitle: stoppedAt.step.title, phaseId: stoppedAt.phase, savedAt: saved.updatedAt, done, total: steps.length }
        : null,
    playbook: {
      name: playbook.name,
      phases: playbook.phases.map((p) => ({
        id: p.id,
        title: p.title,
        steps: p.steps.map((s) => ({ id: s.id, title: s.title, risk: s.risk, priority: s.priority, why: s.why, status: statusOf(s.id) })),
      })),
    },
  };
}
