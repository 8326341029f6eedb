import type { EngineEvent } from '../engine/events.js';
import type { Prompter } from '../engine/prompts.js';
import { noTerminalPrompter } from './no-terminal-prompter.js';
import type { Reporter } from './types.js';

const MARK = { passed: '✓', failed: '✗', skipped: '-', 'rolled-back': '↺' } as const;

/** One readable line per event, for pipes and CI. Goes to stderr, so stdout stays clean. */
export function formatPlain(e: EngineEvent): string | null {
  switch (e.type) {
    case 'run-start':
      return `${e.resumingAt ? `Resuming at step ${e.resumingAt}` : 'Starting'}: playbook ${e.playbook} in ${e.projectRoot} (${e.phases.reduce((n, p) => n + p.steps.length, 0)} steps)`;
    case 'phase-start':
      return `== ${e.title} [${e.phaseId}]`;
    case 'phase-end':
      return `== phase ${e.phaseId}: ${e.status}`;
    case 'step-start':
      return `-> ${e.title} [${e.stepId}]`;
    case 'step-end':
      if (e.reason === 'already done') return `${MARK[e.status]} ${e.stepId}: already done`;
      return `${MARK[e.status]} ${e.stepId}: ${e.status}${e.reason ? ` (${e.reason})` : ''}`;
    case 'action-start':
      return null;
    case 'action-end': {
      if (e.status === 'failed') return `   ✗ ${e.actionType}: ${e.error ?? 'failed'}`;
      if (e.changes.length === 0) return e.status === 'unchanged' ? `   = ${e.actionType}: nothing to change` : `   ✓ ${e.actionType}`;
      return e.changes.map((c) => `   ✓ ${c.op} ${c.from ? `${c.from} → ` : ''}${c.path}`).join('\n');
    }
    case 'check-start':
      return null;
    case 'check-end':
      return `   ${e.status === 'passed' ? '✓' : e.status === 'failed' ? '✗' : '-'} check ${e.checkType}: ${e.message} (${e.durationMs} ms)`;
    case 'log':
      return e.stream ? `   │ ${e.line}` : `   ${e.level === 'info' ? 'i' : e.level === 'warn' ? '!' : '✗'} ${e.line}`;
    case 'diff':
      return e.diff;
    case 'rollback-start':
      return e.entries.length ? `Rolling back ${e.scope}: ${e.entries.length} change(s), newest first` : `Rolling back ${e.scope}`;
    case 'rollback-entry': {
      const what = e.entry.op === 'rename-back' ? `rename ${e.entry.from} → ${e.entry.path}` : `${e.entry.op} ${e.entry.path}`;
      return `   ${e.status === 'refused' ? '✗' : '↺'} ${what}: ${e.status}${e.note ? ` (${e.note})` : ''}`;
    }
    case 'rollback-end':
      return e.status === 'nothing-to-do' ? 'Nothing to roll back.' : `Rollback ${e.status}: ${e.restored} change(s) undone.`;
    case 'done': {
      const s = e.summary;
      const lines = [`Done: ${e.status} (exit ${e.exitCode}).`];
      if (s.created.length) lines.push(`  created: ${s.created.join(', ')}`);
      if (s.modified.length) lines.push(`  changed: ${s.modified.join(', ')}`);
      if (s.renamed.length) lines.push(`  renamed: ${s.renamed.map((r) => `${r.from} → ${r.to}`).join(', ')}`);
      for (const k of s.skipped) lines.push(`  skipped ${k.stepId}: ${k.reason}`);
      for (const f of s.failed) lines.push(`  failed ${f.stepId}: ${f.reason}`);
      if (s.next.length) lines.push(`  next: ${s.next.join('  |  ')}`);
      if (s.logFile) lines.push(`  full log: ${s.logFile}`);
      return lines.join('\n');
    }
  }
}

export function createPlainReporter(err: NodeJS.WritableStream = process.stderr, prompter: Prompter = noTerminalPrompter): Reporter {
  return {
    onEvent(event) {
      const line = formatPlain(event);
      if (line !== null) err.write(line + '\n');
    },
    prompter,
    async close() {},
  };
}
