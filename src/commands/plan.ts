import { ExitCode } from '../engine/errors.js';
import { OverlayProjectFs } from '../engine/overlay-fs.js';
import { resolveVariables } from '../engine/playbook/resolve-vars.js';
import { previewStep } from '../engine/preview.js';
import { stepProgress } from '../engine/progress.js';
import { Redactor } from '../engine/redact.js';
import { boundedSteps, conditionHolds } from '../engine/runner.js';
import { Journal } from '../engine/journal.js';
import { workspaceFor } from '../engine/workspace.js';
import { existsSync } from 'node:fs';
import { noTerminalPrompter } from '../reporters/no-terminal-prompter.js';
import { EVENT_SCHEMA_VERSION } from '../engine/events.js';
import type { CommandIO, GlobalOptions } from './options.js';
import { loadFor, projectRoot, readSavedState } from './setup.js';

/**
 * `plan`: unified diffs of every pending change, nothing written.
 * Exit 0 when there is nothing to do, 2 when there are changes (like terraform -detailed-exitcode).
 */
export async function planCommand(opts: GlobalOptions, io: CommandIO): Promise<number> {
  const root = projectRoot(opts);
  const { playbook, facts } = await loadFor(opts, root);
  const saved = readSavedState(root);
  const vars = await resolveVariables(playbook, { facts, saved: saved?.vars ?? {}, set: opts.set }, noTerminalPrompter, true);
  const ws = workspaceFor(root);
  const progress = existsSync(ws.journal) ? stepProgress(Journal.open(ws.journal, { write: false }).all()) : new Map();
  const redactor = new Redactor(root);
  const overlay = new OverlayProjectFs(root);
  let files = 0;
  let effects = 0;
  const out = (s: string) => io.stdout.write(redactor.text(s));
  for (const { phase, step } of boundedSteps(playbook, opts.from, opts.to)) {
    const p = progress.get(step.id);
    if (p?.kind === 'done' && !p.retry) continue;
    if (await conditionHolds(step, vars, overlay)) continue;
    const ctx = {
      root, fs: overlay, vars, stepId: step.id, log: () => {}, output: () => {}, signal: io.signal,
      prompter: noTerminalPrompter, assumeYes: true, now: () => new Date(),
    };
    const preview = await previewStep(step, vars, overlay, ctx);
    files += preview.fileOps;
    effects += preview.effects.length;
    if (preview.fileOps === 0 && preview.effects.length === 0) continue;
    if (opts.json) {
      out(JSON.stringify({ v: EVENT_SCHEMA_VERSION, ts: new Date().toISOString(), type: 'planned-step', phaseId: phase.id, stepId: step.id, title: step.title, diffs: preview.diffs, effects: preview.effects }) + '\n');
    } else {
      out(`# ${phase.id} / ${step.id}: ${step.title}\n`);
      for (const d of preview.diffs) out(d.diff.endsWith('\n') ? d.diff : d.diff + '\n');
      for (const e of preview.effects) out(`# will ${e}\n`);
      out('\n');
    }
  }
  const changes = files + effects > 0;
  const line = changes ? `Plan: ${files} file change(s), ${effects} command(s) to run.` : 'Nothing to do: the project already matches the playbook.';
  if (opts.json) out(JSON.stringify({ v: EVENT_SCHEMA_VERSION, ts: new Date().toISOString(), type: 'plan-summary', fileChanges: files, commands: effects, exitCode: changes ? 2 : 0 }) + '\n');
  else io.stderr.write(line + '\n');
  return changes ? ExitCode.planHasChanges : ExitCode.ok;
}
