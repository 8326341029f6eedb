import { describe, expect, test } from 'vitest';
import { InterruptedError } from '../../engine/errors.js';
import type { EngineEvent } from '../../engine/events.js';
import { MAX_LOG_LINE, UiStore } from './store.js';
import { phases } from '../../../tests/helpers/ink-fixtures.js';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('UiStore', () => {
  test('10,000 log events keep at most the ring capacity, and long lines are cut', () => {
    const store = new UiStore({ logCapacity: 50 });
    for (let i = 0; i < 10_000; i++) store.dispatch({ type: 'log', level: 'info', stream: 'stdout', line: `line ${i}` });
    store.dispatch({ type: 'log', level: 'info', line: 'y'.repeat(MAX_LOG_LINE * 5) });
    expect(store.state.log.length).toBe(50);
    expect(store.state.log.total).toBe(10_001);
    expect(store.state.log.last(2)[0]!.line).toBe('line 9999');
    expect(store.state.log.last(1)[0]!.line).toHaveLength(MAX_LOG_LINE);
    store.dispose();
  });

  test('a burst of events wakes subscribers once per interval, not once per event', async () => {
    const store = new UiStore({ intervalMs: 50 });
    let notified = 0;
    store.subscribe(() => notified++);
    const start = Date.now();
    while (Date.now() - start < 220) {
      for (let i = 0; i < 1000; i++) store.dispatch({ type: 'log', level: 'info', line: 'x' });
      await tick(1);
    }
    await tick(60);
    expect(notified).toBeGreaterThanOrEqual(2);
    expect(notified).toBeLessThanOrEqual(7); // ~220ms / 50ms, plus the trailing one
    store.dispose();
  });

  test('an expensive frame spaces the next ones out (at most ~20% of the time on rendering)', async () => {
    const store = new UiStore({ intervalMs: 50 });
    const at: number[] = [];
    store.subscribe(() => at.push(Date.now()));
    store.reportFrameCost(40); // the last frame took 40 ms: wait 200 ms
    store.dispatch({ type: 'phase-start', phaseId: 'p', title: 'P' });
    await tick(60);
    store.flush(); // t0
    const t0 = at.at(-1)!;
    store.dispatch({ type: 'phase-start', phaseId: 'p', title: 'P' });
    await tick(120);
    expect(at.at(-1)).toBe(t0); // not yet
    await tick(150);
    expect(at.at(-1)! - t0).toBeGreaterThanOrEqual(190);
    store.dispose();
  });

  test('step, action, check and rollback events update statuses, live rows and progress', () => {
    const store = new UiStore();
    const ev: EngineEvent[] = [
      { type: 'run-start', command: 'run', playbook: 'parallel-envs', projectRoot: '/p', phases: phases() },
      { type: 'step-start', phaseId: 'prepare', stepId: 'env-rename', title: 'Rename' },
      { type: 'action-start', stepId: 'env-rename', index: 0, actionType: 'file.rename', summary: 'rename .env → .env.dev' },
      { type: 'action-end', stepId: 'env-rename', index: 0, actionType: 'file.rename', status: 'done', changes: [] },
      { type: 'check-start', stepId: 'env-rename', index: 0, checkType: 'file.exists', summary: '.env.dev exists' },
      { type: 'check-end', stepId: 'env-rename', index: 0, checkType: 'file.exists', status: 'failed', message: 'missing', durationMs: 3 },
      { type: 'diff', stepId: 'env-rename', path: '.env.dev', diff: '+A=1' },
      { type: 'step-end', phaseId: 'prepare', stepId: 'env-rename', status: 'failed', reason: 'check failed', changes: [{ op: 'rename', from: '.env', path: '.env.dev' }] },
    ];
    ev.forEach((e) => store.dispatch(e));
    const s = store.state;
    expect(s.phases[0]!.steps[2]!.status).toBe('failed');
    expect(s.live).toEqual([
      { kind: 'action', index: 0, type: 'file.rename', summary: 'rename .env → .env.dev', status: 'done', message: undefined },
      { kind: 'check', index: 0, type: 'file.exists', summary: '.env.dev exists', status: 'failed', message: 'missing', durationMs: 3 },
    ]);
    expect(s.steps.get('env-rename')).toMatchObject({ status: 'failed', reason: 'check failed', diffs: [{ path: '.env.dev', diff: '+A=1' }] });

    const entry = { stepId: 'env-rename', op: 'rename-back' as const, path: '.env', from: '.env.dev', drifted: false };
    store.dispatch({ type: 'rollback-start', scope: 'step env-rename', entries: [entry] });
    expect(s.rollback!.entries[0]!.status).toBe('pending');
    store.dispatch({ type: 'rollback-entry', entry: { ...entry }, status: 'restored' });
    store.dispatch({ type: 'rollback-end', status: 'done', restored: 1 });
    expect(s.rollback!.entries[0]!.status).toBe('restored');
    expect(s.rollback!.end).toEqual({ status: 'done', restored: 1 });
    expect(s.phases[0]!.steps[2]!.status).toBe('rolled-back');
    // The engine's outline objects are not mutated.
    expect((ev[0] as { phases: ReturnType<typeof phases> }).phases[0]!.steps[2]!.status).toBe('pending');
    store.dispose();
  });

  test('prompts are answered one at a time, in order; a stale answer is ignored', async () => {
    const store = new UiStore();
    const a = store.ask({ kind: 'variable', name: 'x', description: '' });
    const b = store.ask({ kind: 'confirm-dangerous', message: 'm', expected: 'p' });
    const first = store.state.prompt!;
    expect(first.request.kind).toBe('variable');
    store.answer(first.id, { value: '1' });
    store.answer(first.id, { value: 'again' }); // ignored: that prompt is gone
    expect(store.state.prompt!.request.kind).toBe('confirm-dangerous');
    store.answer(store.state.prompt!.id, { confirmed: true });
    expect(await a).toEqual({ value: '1' });
    expect(await b).toEqual({ confirmed: true });
    expect(store.state.prompt).toBeUndefined();
    store.dispose();
  });

  test('interrupt answers every open question with its quit answer (variable: InterruptedError), and later ones too', async () => {
    const store = new UiStore();
    const step = store.ask({ kind: 'confirm-step', stepId: 's', title: 't', why: '', diffs: [], effects: [] });
    const v = store.ask({ kind: 'variable', name: 'x', description: '' });
    store.interrupt();
    expect(await step).toEqual({ choice: 'quit' });
    await expect(v).rejects.toBeInstanceOf(InterruptedError);
    expect(await store.ask({ kind: 'check-failed', stepId: 's', message: '', lastLogLines: [] })).toEqual({ choice: 'quit' });
    expect(await store.ask({ kind: 'confirm-dangerous', message: '', expected: 'p' })).toEqual({ confirmed: false });
    expect(await store.ask({ kind: 'manual', stepId: 's', items: [] })).toEqual({ choice: 'quit' });
    expect(store.state.interrupted).toBe(true);
    store.dispose();
  });

  test('run-start names the log file: the log pane shows that file, not just the folder', () => {
    const store = new UiStore({ logDir: '/p/.migrate-wizard/logs' });
    expect(store.state.logFile).toBeUndefined();
    store.dispatch({ type: 'run-start', command: 'run', playbook: 'parallel-envs', projectRoot: '/p', phases: phases(), logFile: '/p/.migrate-wizard/logs/run-1.log' });
    store.flush();
    expect(store.state.logFile).toBe('/p/.migrate-wizard/logs/run-1.log');
    store.dispose();
  });
});
