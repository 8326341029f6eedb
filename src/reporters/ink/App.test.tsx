import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../engine/events.js';
import { App } from './App.js';
import { UiStore } from './store.js';
import { ANSI, KEY, lineWidths, press, renderSized, tick, waitFor, withColor } from '../../../tests/helpers/ink.js';
import { DIFF_COMPOSE, phases, summary } from '../../../tests/helpers/ink-fixtures.js';

function runStart(): EngineEvent {
  return { type: 'run-start', command: 'run', playbook: 'parallel-envs', projectRoot: '/p', phases: phases().map((p) => ({ ...p, steps: p.steps.map((s) => ({ ...s, status: 'pending' as const })) })) };
}

function mount(size: { columns?: number; rows?: number } = {}, noColor = false) {
  const store = new UiStore({ logDir: '/p/.migrate-wizard/logs', logCapacity: 100 });
  let interrupts = 0;
  const r = renderSized(<App store={store} onInterrupt={() => interrupts++} projectName="shop" noColor={noColor} />, size);
  const until = (re: RegExp) => waitFor(() => re.test(r.lastFrame()), String(re), r.lastFrame);
  return { ...r, store, until, interrupts: () => interrupts };
}

describe('App', () => {
  test('run view: checklist follows the running step, live checks and the log pane', async () => {
    const a = mount({ columns: 100, rows: 30 });
    a.store.dispatch(runStart());
    a.store.dispatch({ type: 'step-start', phaseId: 'prepare', stepId: 'dev-compose', title: 'Create' });
    a.store.dispatch({ type: 'check-start', stepId: 'dev-compose', index: 0, checkType: 'command', summary: 'docker compose config -q' });
    a.store.dispatch({ type: 'log', level: 'info', stream: 'stdout', line: 'validating docker-compose.dev.yml' });
    await a.until(/validating docker-compose\.dev\.yml/);
    const f = a.lastFrame();
    expect(f).toContain('migrate-wizard · shop · parallel-envs');
    expect(f).toMatch(/› [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Create docker-compose\.dev\.yml/);
    expect(f).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] check docker compose config -q/);
    expect(f).toContain('full log: /p/.migrate-wizard/logs');
    a.store.dispatch({ type: 'check-end', stepId: 'dev-compose', index: 0, checkType: 'command', status: 'passed', message: 'ok', durationMs: 420 });
    a.store.dispatch({ type: 'step-end', phaseId: 'prepare', stepId: 'dev-compose', status: 'passed', changes: [] });
    await a.until(/✓ check docker compose config -q\s+420ms/);
    expect(a.lastFrame()).toMatch(/✓ Create docker-compose\.dev\.yml/);
    expect(a.lastFrame().split('\n').length).toBeLessThan(30);
    a.unmount();
  });

  test('the log pane stays bounded after 10,000 log events, and the burst renders only a few frames', async () => {
    const a = mount({ columns: 80, rows: 24 });
    a.store.dispatch(runStart());
    await tick(80);
    const framesBefore = a.stdout.frames.length;
    for (let i = 0; i < 10_000; i++) a.store.dispatch({ type: 'log', level: 'info', stream: 'stdout', line: `output line ${i}` });
    await a.until(/output line 9999/);
    await tick(100);
    expect(a.stdout.frames.length - framesBefore).toBeLessThanOrEqual(5);
    expect(a.store.state.log.length).toBe(100);
    const f = a.lastFrame();
    expect(f).toMatch(/last \d of 10,000 lines/);
    expect(f).not.toContain('output line 9990\n'); // only the last few lines are drawn
    expect(f.split('\n').length).toBeLessThan(24);
    a.unmount();
  });

  test('confirm-step: the step screen answers apply; Back shows the checklist, Enter on the waiting step reopens it', async () => {
    const a = mount();
    a.store.dispatch(runStart());
    const answer = a.store.ask({ kind: 'confirm-step', stepId: 'env-rename', title: 'Rename .env to .env.dev', why: 'One env file per environment.', diffs: [{ path: 'docker-compose.dev.yml', diff: DIFF_COMPOSE }], effects: [] });
    await a.until(/One env file per environment/);
    expect(a.lastFrame()).toContain('risk:low prio:high');
    await press(a.stdin, 'b');
    await a.until(/Rename \.env to \.env\.dev \(waiting for you\)/);
    expect(a.lastFrame()).toContain('Enter on the waiting step to decide');
    await a.until(/› ○ Rename \.env to \.env\.dev \(waiting for you\)/); // the cursor is on it
    await press(a.stdin, 'k', KEY.enter); // another step: a read-only view
    await a.until(/step dev-compose/);
    expect(a.lastFrame()).not.toContain('Apply');
    await press(a.stdin, KEY.escape);
    await a.until(/waiting for you/);
    await press(a.stdin, 'j', KEY.enter);
    await a.until(/One env file per environment/);
    await press(a.stdin, 'a');
    expect(await answer).toEqual({ choice: 'apply' });
    a.unmount();
  });

  test('check-failed shows the live checks above the failure menu; the choice resolves the prompt', async () => {
    const a = mount();
    a.store.dispatch(runStart());
    a.store.dispatch({ type: 'step-start', phaseId: 'prepare', stepId: 'dev-compose', title: 'Create' });
    a.store.dispatch({ type: 'check-end', stepId: 'dev-compose', index: 0, checkType: 'command', status: 'failed', message: 'exit 1, expected 0\nline two\nline three', durationMs: 1500 });
    for (let i = 1; i < 8; i++) a.store.dispatch({ type: 'check-end', stepId: 'dev-compose', index: i, checkType: 'tcp', status: 'failed', message: 'closed\nmore\nand more', durationMs: 1 });
    const logs = Array.from({ length: 40 }, (_, i) => `log ${i}`).concat('boom');
    const answer = a.store.ask({ kind: 'check-failed', stepId: 'dev-compose', message: 'exit 1, expected 0\nline two\nline three\nfour\nfive\nsix', lastLogLines: logs });
    await a.until(/Roll back this step/);
    expect(a.lastFrame()).toContain('boom');
    expect(a.lastFrame()).toContain('exit 1, expected 0');
    expect(a.lastFrame().split('\n').length).toBeLessThan(30); // fits: nothing scrolls off the top
    await press(a.stdin, KEY.down, KEY.enter);
    expect(await answer).toEqual({ choice: 'revert' });
    a.unmount();
  });

  test('Ctrl+C calls onInterrupt, answers the open prompt with quit, and says progress is saved', async () => {
    const a = mount();
    const answer = a.store.ask({ kind: 'manual', stepId: 's', items: [{ id: 'i', text: 'ok', required: true }] });
    await a.until(/Manual sign-off/);
    await press(a.stdin, KEY.ctrlC);
    expect(a.interrupts()).toBe(1);
    expect(await answer).toEqual({ choice: 'quit' });
    await a.until(/Stopping after the current action; progress is saved/);
    a.unmount();
  });

  test('confirm-dangerous during a rollback shows the plan and drifted files above the question', async () => {
    const a = mount();
    a.store.dispatch({ type: 'rollback-start', scope: 'all', entries: [{ stepId: 'm', op: 'restore', path: 'Makefile', drifted: true }] });
    const answer = a.store.ask({ kind: 'confirm-dangerous', message: 'Roll back everything', expected: 'shop' });
    await a.until(/Type shop to confirm/);
    expect(a.lastFrame()).toContain('restore Makefile (edited by you)');
    expect(a.lastFrame()).toContain('Edited since the wizard wrote it:');
    await press(a.stdin, 'shop', KEY.enter);
    expect(await answer).toEqual({ confirmed: true });
    a.store.dispatch({ type: 'rollback-entry', entry: { stepId: 'm', op: 'restore', path: 'Makefile', drifted: true }, status: 'kept-user-version', note: 'yours kept as Makefile.mine' });
    await a.until(/⚠ restore Makefile \(edited by you\) — yours kept as Makefile\.mine/);
    a.unmount();
  });

  test('before the run starts, a quiet "starting…" line (not an empty checklist)', async () => {
    const a = mount();
    await a.until(/migrate-wizard · shop · starting…/);
    expect(a.lastFrame()).not.toContain('No steps');
    a.unmount();
  });

  test('done shows the summary', async () => {
    const a = mount();
    a.store.dispatch(runStart());
    a.store.dispatch({ type: 'done', status: 'ok', exitCode: 0, summary: summary() });
    await a.until(/✓ Done/);
    expect(a.lastFrame()).toContain('$ make dev-up');
    a.unmount();
  });

  test('60 columns × 16 rows: no line wider than 60, the frame fits, the checklist scrolls; resize follows', async () => {
    const a = mount({ columns: 60, rows: 16 });
    const ev = runStart() as Extract<EngineEvent, { type: 'run-start' }>;
    ev.phases[1]!.steps.push(...Array.from({ length: 12 }, (_, i) => ({ id: `extra-${i}`, title: `Extra step number ${i} with a long title to cut`, risk: 'low' as const, priority: 'low' as const, why: '', status: 'pending' as const })));
    a.store.dispatch(ev);
    a.store.dispatch({ type: 'step-start', phaseId: 'split', stepId: 'extra-9', title: '' });
    for (let i = 0; i < 50; i++) a.store.dispatch({ type: 'log', level: 'info', line: `a long output line ${'='.repeat(100)} ${i}` });
    await a.until(/Extra step number 9/);
    const f = a.lastFrame();
    expect(Math.max(...lineWidths(f))).toBeLessThanOrEqual(60);
    expect(f.split('\n').length).toBeLessThan(16);
    expect(f).toMatch(/› [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Extra step number 9/); // scrolled to the running step
    expect(f).not.toContain('Back up compose');
    a.stdout.resize(40, 16);
    await waitFor(() => Math.max(...lineWidths(a.lastFrame())) <= 40, 'narrower frame', a.lastFrame);
    a.unmount();
  });

  test('NO_COLOR: no escape sequence in any frame, across screens', async () => {
    await withColor(async () => {
      const colored = mount({}, false);
      colored.store.dispatch(runStart());
      await colored.until(/Phase 1/);
      expect(colored.lastFrame()).toMatch(ANSI);
      colored.unmount();

      const a = mount({}, true);
      a.store.dispatch(runStart());
      a.store.dispatch({ type: 'step-start', phaseId: 'prepare', stepId: 'backup', title: '' });
      a.store.dispatch({ type: 'check-end', stepId: 'backup', index: 0, checkType: 'x', status: 'failed', message: 'bad', durationMs: 1 });
      a.store.dispatch({ type: 'log', level: 'error', stream: 'stderr', line: '\u001B[31mred from the command\u001B[0m' });
      await a.until(/red from the command/);
      const p = a.store.ask({ kind: 'confirm-step', stepId: 'backup', title: 'Backup', why: 'w', diffs: [{ path: 'f', diff: DIFF_COMPOSE }], effects: [] });
      await a.until(/Show full diff/);
      await press(a.stdin, 'd');
      await a.until(/container_name/);
      await press(a.stdin, 'q', 'a');
      await p;
      a.store.dispatch({ type: 'done', status: 'ok', exitCode: 0, summary: summary() });
      await a.until(/Done/);
      for (const frame of a.stdout.frames) expect(frame).not.toMatch(ANSI);
      a.unmount();
    });
  });
});
