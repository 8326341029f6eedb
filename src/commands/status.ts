import { readLock } from '../engine/lock.js';
import { workspaceFor } from '../engine/workspace.js';
import type { CommandIO, GlobalOptions } from './options.js';
import { projectRoot, readSavedState } from './project.js';

const MARK: Record<string, string> = { pending: '·', running: '…', passed: '✓', failed: '✗', skipped: '-', 'rolled-back': '↺' };

/** `status`: what the saved state says, without loading the playbook (kept fast: no Ink, no YAML). */
export async function statusCommand(opts: GlobalOptions, io: CommandIO): Promise<number> {
  const root = projectRoot(opts);
  const state = readSavedState(root);
  const lock = readLock(workspaceFor(root).lock);
  if (opts.json) {
    // The outline carries each step's saved status, so consumers need not join the two.
    const outline = state?.outline?.map((p) => ({ ...p, steps: p.steps.map((s) => ({ ...s, status: state.steps[s.id]?.status ?? 'pending' })) }));
    const shown = state ? { ...state, outline } : null;
    io.stdout.write(JSON.stringify({ v: 1, ts: new Date().toISOString(), type: 'status', projectRoot: root, started: Boolean(state), lock, state: shown }) + '\n');
    return 0;
  }
  if (!state) {
    io.stdout.write(`No migration started in ${root}.\nRun \`migrate-wizard plan\` to preview it, or \`migrate-wizard\` to start.\n`);
    return 0;
  }
  const out: string[] = [`Playbook ${state.playbook} in ${root} (updated ${state.updatedAt})`];
  if (lock) out.push(`Locked by pid ${lock.pid} on ${lock.host} since ${lock.startedAt} (${lock.command})`);
  for (const phase of state.outline ?? []) {
    const done = phase.steps.filter((s) => ['passed', 'skipped'].includes(state.steps[s.id]?.status ?? 'pending')).length;
    out.push(`${phase.title} [${phase.id}] ${done}/${phase.steps.length}`);
    for (const s of phase.steps) {
      const saved = state.steps[s.id];
      const status = saved?.status ?? 'pending';
      out.push(`  ${MARK[status] ?? '?'} ${s.id.padEnd(24)} ${status}${saved?.reason ? ` (${saved.reason})` : ''}`);
    }
  }
  if (state.current) out.push(`Stopped in step ${state.current}: run \`migrate-wizard\` to resume.`);
  io.stdout.write(out.join('\n') + '\n');
  return 0;
}
