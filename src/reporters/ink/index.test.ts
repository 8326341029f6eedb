import { describe, expect, test } from 'vitest';
import { askStart, createInkReporter } from './index.js';
import { FakeTerminalIn, FakeTerminalOut, KEY, press, tick, waitFor } from '../../../tests/helpers/ink.js';
import { phases, summary } from '../../../tests/helpers/ink-fixtures.js';

// eslint-disable-next-line no-control-regex
const strip = (s: string) => s.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');

class RawModeIn extends FakeTerminalIn {
  rawCalls: boolean[] = [];
  override setRawMode(on = false): void {
    this.rawCalls.push(on);
  }
}

function setup() {
  const stderr = new FakeTerminalOut(80, 24);
  const stdin = new RawModeIn();
  let interrupts = 0;
  const ui = createInkReporter({
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    projectName: 'shop',
    logDir: '/p/.migrate-wizard/logs',
    onInterrupt: () => interrupts++,
    noColor: true,
  });
  // Outside debug mode Ink writes escapes (synchronized output, erase lines) and frames separately.
  const lastContent = () => strip([...stderr.frames].reverse().find((f) => strip(f).trim() !== '') ?? '');
  const until = (re: RegExp) => waitFor(() => re.test(lastContent()), String(re), lastContent);
  return { ui, stderr, stdin, lastContent, until, interrupts: () => interrupts };
}

describe('createInkReporter (the seam the CLI uses)', () => {
  test('askStart, engine events and prompts, then close() gives the terminal back', async () => {
    const { ui, stdin, until, stderr, lastContent } = setup();
    const start = askStart(
      { composeCli: { name: 'docker compose', version: '2.29' }, composeFiles: ['docker-compose.yml'], envFiles: ['.env'], makefile: true, engineReachable: true },
      { stepId: 'dev-compose', stepTitle: 'Create docker-compose.dev.yml' },
      { name: 'parallel-envs', phases: phases() },
    );
    await until(/Resume at Create docker-compose\.dev\.yml \(dev-compose\)/);
    await tick(20);
    await press(stdin, KEY.down, KEY.enter);
    expect(await start).toBe('rollback');

    ui.onEvent({ type: 'run-start', command: 'run', playbook: 'parallel-envs', projectRoot: '/p', phases: phases() });
    const v = ui.prompter.ask({ kind: 'variable', name: 'testPorts', description: 'ports', suggestion: '18000' });
    await until(/testPorts › 18000/);
    await press(stdin, KEY.enter);
    expect(await v).toEqual({ value: '18000' });

    ui.onEvent({ type: 'done', status: 'ok', exitCode: 0, summary: summary() });
    await ui.close();
    expect(lastContent()).toContain('$ make dev-up'); // the last frame stays on screen
    expect(stdin.rawCalls[0]).toBe(true);
    expect(stdin.rawCalls.at(-1)).toBe(false); // raw mode off again
    expect(stderr.frames.join('')).toContain('\u001B[?25h'); // cursor shown again
    await ui.close(); // idempotent
  });

  test('Ctrl+C reaches onInterrupt, never exits the process, and settles the open prompt', async () => {
    const { ui, stdin, until, interrupts } = setup();
    const p = ui.prompter.ask({ kind: 'confirm-step', stepId: 's', title: 'T', why: 'why text', diffs: [], effects: [] });
    await until(/why text/);
    await tick(20);
    await press(stdin, KEY.ctrlC);
    expect(interrupts()).toBe(1);
    expect(await p).toEqual({ choice: 'quit' });
    await ui.close();
  });

  test('nothing is written to stdout', async () => {
    const writes: unknown[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: unknown) => (writes.push(chunk), true)) as typeof process.stdout.write;
    try {
      const { ui } = setup();
      ui.onEvent({ type: 'run-start', command: 'run', playbook: 'x', projectRoot: '/p', phases: phases() });
      await tick(80);
      await ui.close();
    } finally {
      process.stdout.write = orig;
    }
    expect(writes).toEqual([]);
  });
});
