import type { z } from 'zod';
import { commandCwd, runProcess, shellQuote } from '../actions/run-process.js';
import { defineCheck, failed, passed } from './types.js';

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/**
 * Passes when the command exits with the expected code and, if `stdout` is given, some line of
 * its stdout matches the pattern. The pattern is tested line by line as output arrives (without
 * the line break), so memory stays bounded however much the command prints; `^` and `$` anchor
 * to a line.
 */
export const command = defineCheck({
  type: 'command',
  schema: (z) => z.strictObject({
    type: z.literal('command'),
    argv: z.array(z.string()).min(1).describe('Command and arguments, run without a shell, e.g. [make, -n, all]'),
    exit: z.number().int().optional().describe('Expected exit code (default 0)'),
    stdout: z
      .string()
      .refine(isRegex, 'stdout must be a valid regular expression')
      .optional()
      .describe('Regular expression that some line of stdout must match'),
    cwd: z.string().min(1).optional().describe('Folder to run in, relative to the project root (default: the root)'),
    timeout: z.number().positive().optional().describe('Seconds before the command is stopped and the check fails (default 120)'),
    env: z.record(z.string(), z.string()).optional().describe('Extra environment variables'),
  }),
  describe: (spec) =>
    `${shellQuote(spec.argv)} exits ${spec.exit ?? 0}${spec.stdout !== undefined ? ` and prints /${spec.stdout}/` : ''}`,
  async run(spec, ctx) {
    const pattern = spec.stdout !== undefined ? new RegExp(spec.stdout) : undefined;
    let matched = false;
    const outcome = await runProcess({
      argv: spec.argv,
      cwd: commandCwd(ctx.root, spec.cwd),
      env: spec.env,
      timeoutMs: (spec.timeout ?? 120) * 1000,
      signal: ctx.signal,
      tailSize: 20,
      onLine: (line, stream) => {
        if (pattern && !matched && stream === 'stdout' && pattern.test(line)) matched = true;
        ctx.output(line, stream);
      },
    });
    const name = shellQuote(spec.argv);
    const expected = spec.exit ?? 0;
    const tail = outcome.tail.length > 0 ? `; last output:\n${outcome.tail.join('\n')}` : '';
    if (outcome.exitCode === undefined) return failed(`${outcome.problem}${tail}`);
    if (outcome.exitCode !== expected) return failed(`${name} exited with ${outcome.exitCode}, expected ${expected}${tail}`);
    if (pattern && !matched) return failed(`${name} exited with ${expected}, but no line of its stdout matched /${spec.stdout}/${tail}`);
    return passed(`${name} exited with ${expected}${pattern ? ` and printed a line matching /${spec.stdout}/` : ''}`);
  },
});
