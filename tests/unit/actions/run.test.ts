import { mkdirSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/actions/run.js';
import { InterruptedError, UserError } from '../../../src/engine/errors.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const spec = (extra: Record<string, unknown>) => run.schema.parse({ type: 'run', ...extra });

/** A context that records which stream each output line came from. */
function streamingContext(root: string, overrides = {}) {
  const out: { line: string; stream: string }[] = [];
  const ctx = contextFor(root, { output: (line, stream) => out.push({ line, stream }), ...overrides });
  return { ctx, out };
}

describe('run', () => {
  it('streams every line of a command printing 10,000 lines, in order, and reports exit code 0', async () => {
    const root = tempProject();
    const { ctx, out } = streamingContext(root);
    const script = 'for (let i = 0; i < 10000; i++) console.log("line " + i)';
    const result = await run.execute!(spec({ argv: [process.execPath, '-e', script] }), ctx);
    expect(result).toMatchObject({ ok: true, message: 'exit code 0' });
    expect(out).toHaveLength(10000);
    expect(out[0]).toEqual({ line: 'line 0', stream: 'stdout' });
    expect(out[9999]).toEqual({ line: 'line 9999', stream: 'stdout' });
  });

  it('delivers lines while the command is still running, not only at the end', async () => {
    const root = tempProject();
    let firstLineAt = 0;
    const { ctx } = streamingContext(root, {
      output: () => {
        firstLineAt ||= Date.now();
      },
    });
    const start = Date.now();
    const script = 'console.log("early"); setTimeout(() => console.log("late"), 1500)';
    await run.execute!(spec({ argv: [process.execPath, '-e', script] }), ctx);
    const total = Date.now() - start;
    expect(firstLineAt - start).toBeLessThan(total - 1000);
  });

  it('gives ok:false with the exit code and the last lines (stderr included) for a failing command', async () => {
    const root = tempProject();
    const { ctx, out } = streamingContext(root);
    const script = 'for (let i = 0; i < 200; i++) console.log("out " + i); console.error("boom"); process.exit(3)';
    const result = await run.execute!(spec({ argv: [process.execPath, '-e', script] }), ctx);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^exit code 3; last output:/);
    expect(result.message).toContain('boom');
    expect(result.message).toContain('out 199');
    // only the last 50 lines are kept for the message
    expect(result.message).not.toContain('out 100\n');
    expect(result.message!.split('\n')).toHaveLength(51);
    expect(out.find((o) => o.line === 'boom')?.stream).toBe('stderr');
  });

  it('accepts exit codes listed in okExitCodes and passes the revert argv through', async () => {
    const root = tempProject();
    const result = await run.execute!(
      spec({ argv: [process.execPath, '-e', 'process.exit(2)'], okExitCodes: [0, 2], revert: ['make', 'clean'] }),
      contextFor(root),
    );
    expect(result).toEqual({ ok: true, message: 'exit code 2', revertArgv: ['make', 'clean'] });
  });

  it('runs real make in a cwd inside the project, with extra env', async () => {
    const root = tempProject();
    mkdirSync(path.join(root, 'sub'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(root, 'sub/Makefile'), 'hello:\n\t@echo "hi $$GREETING from $$(basename $$PWD)"\n');
    const { ctx, out } = streamingContext(root);
    const result = await run.execute!(spec({ argv: ['make', 'hello'], cwd: 'sub', env: { GREETING: 'there' } }), ctx);
    expect(result.ok).toBe(true);
    expect(out.map((o) => o.line)).toContain('hi there from sub');
  });

  it('does not use a shell: metacharacters reach the program as plain arguments', async () => {
    const root = tempProject();
    const { ctx, out } = streamingContext(root);
    await run.execute!(spec({ argv: [process.execPath, '-e', 'console.log(process.argv[1])', '$(echo hi) ; rm -rf x'] }), ctx);
    expect(out.map((o) => o.line)).toEqual(['$(echo hi) ; rm -rf x']);
  });

  it('reports a missing command as ok:false with a clear message, not a thrown error', async () => {
    const root = tempProject();
    const result = await run.execute!(spec({ argv: ['no-such-command-mw', 'x'] }), contextFor(root));
    expect(result.ok).toBe(false);
    expect(result.message).toBe('no-such-command-mw: command not found; install it or check that it is on PATH');
  });

  it('stops a command at its timeout', async () => {
    const root = tempProject();
    const start = Date.now();
    const result = await run.execute!(spec({ argv: [process.execPath, '-e', 'setTimeout(() => {}, 30000)'], timeout: 0.5 }), contextFor(root));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/timed out after 0.5s/);
    expect(Date.now() - start).toBeLessThan(10000);
  });

  it('throws InterruptedError when the run is cancelled', async () => {
    const root = tempProject();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const err = await run
      .execute!(spec({ argv: [process.execPath, '-e', 'setTimeout(() => {}, 30000)'] }), contextFor(root, { signal: controller.signal }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InterruptedError);
  });

  it('rejects a cwd escaping the project, in plan and in execute', async () => {
    const root = tempProject();
    const s = spec({ argv: ['true'], cwd: '../' });
    await expect(run.plan!(s, contextFor(root))).rejects.toThrow(UserError);
    await expect(run.execute!(s, contextFor(root))).rejects.toThrow(/escapes the project/);
    await expect(run.execute!(spec({ argv: ['true'], cwd: '/tmp' }), contextFor(root))).rejects.toThrow(/absolute/);
    symlinkSync(os.tmpdir(), path.join(root, 'link'));
    await expect(run.execute!(spec({ argv: ['true'], cwd: 'link' }), contextFor(root))).rejects.toThrow(/symlink/);
  });

  it('says so when the cwd is missing, instead of "command not found"', async () => {
    const root = tempProject();
    expect(await run.plan!(spec({ argv: ['true'], cwd: 'later' }), contextFor(root))).toEqual([]);
    await expect(run.execute!(spec({ argv: ['true'], cwd: 'later' }), contextFor(root))).rejects.toThrow(/"later" is not a folder/);
  });

  it('describes the effect with shell-like quoting', () => {
    expect(run.describeEffect!(spec({ argv: ['node', '-e', "console.log('hi')"] }))).toBe(`run: node -e 'console.log('\\''hi'\\'')'`);
    expect(run.describeEffect!(spec({ argv: ['make', '-n', 'all'] }))).toBe('run: make -n all');
    expect(run.describe(spec({ argv: ['echo', 'a b', ''] }))).toBe(`run echo 'a b' ''`);
  });

  it('rejects an empty argv and unknown keys in the schema', () => {
    expect(run.schema.safeParse({ type: 'run', argv: [] }).success).toBe(false);
    expect(run.schema.safeParse({ type: 'run', argv: ['x'], shell: true }).success).toBe(false);
  });
});
