import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { command } from '../../../src/checks/command.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const spec = (extra: Record<string, unknown>) => command.schema.parse({ type: 'command', ...extra });
const node = (script: string) => [process.execPath, '-e', script];

describe('command check', () => {
  it('passes on the expected exit code and fails on another, with the output tail', async () => {
    const root = tempProject();
    expect((await command.run(spec({ argv: node('process.exit(0)') }), contextFor(root))).status).toBe('passed');
    expect((await command.run(spec({ argv: node('process.exit(4)'), exit: 4 }), contextFor(root))).status).toBe('passed');
    const result = await command.run(spec({ argv: node('console.error("no rule"); process.exit(2)') }), contextFor(root));
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/exited with 2, expected 0; last output:\nno rule/);
  });

  it('passes when a stdout line matches the pattern and fails when none does (stderr does not count)', async () => {
    const root = tempProject();
    const script = 'console.log("starting"); console.log("ready on port 8000"); console.error("warning: ok")';
    const ok = await command.run(spec({ argv: node(script), stdout: '^ready on port \\d+$' }), contextFor(root));
    expect(ok.status).toBe('passed');
    const notStdout = await command.run(spec({ argv: node(script), stdout: '^warning' }), contextFor(root));
    expect(notStdout.status).toBe('failed');
    expect(notStdout.message).toContain('no line of its stdout matched /^warning/');
  });

  it('matches a pattern among 200,000 lines of output and streams them all', async () => {
    const root = tempProject();
    let lines = 0;
    const ctx = contextFor(root, { output: () => void lines++ });
    const script = 'for (let i = 0; i < 200000; i++) console.log(i === 123456 ? "NEEDLE" : "hay " + i)';
    expect((await command.run(spec({ argv: node(script), stdout: 'NEEDLE' }), ctx)).status).toBe('passed');
    expect(lines).toBe(200000);
  });

  it('runs real make -n on a Makefile', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'Makefile'), 'all:\n\techo building\n');
    const result = await command.run(spec({ argv: ['make', '-n', 'all'], stdout: '^echo building$' }), contextFor(root));
    expect(result.status).toBe('passed');
    const missing = await command.run(spec({ argv: ['make', '-n', 'nope'] }), contextFor(root));
    expect(missing.status).toBe('failed');
    expect(missing.message).toMatch(/exited with 2/);
  });

  it('fails clearly for a missing command and for a timeout', async () => {
    const root = tempProject();
    const missing = await command.run(spec({ argv: ['no-such-command-mw'] }), contextFor(root));
    expect(missing).toEqual({ status: 'failed', message: 'no-such-command-mw: command not found; install it or check that it is on PATH' });
    const slow = await command.run(spec({ argv: node('setTimeout(() => {}, 30000)'), timeout: 0.3 }), contextFor(root));
    expect(slow.status).toBe('failed');
    expect(slow.message).toContain('timed out after 0.3s');
  });

  it('rejects an invalid pattern and a cwd escaping the project', async () => {
    expect(command.schema.safeParse({ type: 'command', argv: ['x'], stdout: '(' }).success).toBe(false);
    await expect(command.run(spec({ argv: ['true'], cwd: '../..' }), contextFor(tempProject()))).rejects.toThrow(/escapes the project/);
  });
});
