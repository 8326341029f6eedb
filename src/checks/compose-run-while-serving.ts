import type { z } from 'zod';
import { runProcess, shellQuote } from '../actions/run-process.js';
import { UserError } from '../engine/errors.js';
import { describeState, projectContainers, type ContainerState } from '../compose/containers.js';
import type { ComposeCli } from '../compose/engine-cli.js';
import {
  assertTargetFiles,
  badProjectName,
  composeArgv,
  composeTarget,
  type ComposeTarget,
  laterCommand,
  readServices,
} from '../compose/live-target.js';
import { failureWithLogs, requireLive, seconds } from '../compose/live-support.js';
import { describeProbe, planProbes, runProbes, type ProbeResult } from '../compose/probe.js';
import { teardown } from '../compose/teardown.js';
import { waitHealthy } from '../compose/wait-healthy.js';
import type { StepContext } from '../actions/types.js';
import { defineCheck, failed, passed, type CheckResult } from './types.js';

/** Split "make test-unit" or "npm run 'unit tests'" into argv; no shell, only quotes. */
export function splitCommand(command: string): string[] {
  const argv: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(command); m; m = re.exec(command)) argv.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3]);
  return argv;
}

/**
 * The point of the migration: the test environment starts and the user's test command
 * runs in it while dev keeps serving. Starts dev when it is not running, probes its ports,
 * starts test, runs the command (with COMPOSE_FILE / COMPOSE_PROJECT_NAME pointing at test,
 * so a plain `docker compose exec` in a Makefile lands there), then checks that dev still
 * answers with the same containers. Teardown happens in `finally`, whatever went wrong.
 */
export const composeRunWhileServing = defineCheck({
  type: 'compose.run-while-serving',
  schema: (z) => z.strictObject({
    type: z.literal('compose.run-while-serving'),
    dev: composeTarget(z).describe('The dev project that must keep serving'),
    test: composeTarget(z).describe('The test project to start beside it'),
    command: z
      .union([z.string().min(1), z.array(z.string()).min(1)])
      .describe('The test command, run in the project root without a shell, e.g. "make test-unit"'),
    timeout: z.number().positive().optional().describe('Seconds the test command may take (default 600)'),
    readyTimeout: z.number().positive().optional().describe('Seconds each project may take to become ready (default 120)'),
    teardown: z.enum(['both', 'test', 'none']).optional().describe('What to take down at the end (default both; test volumes are removed)'),
  }),
  describe: (spec) => `${spec.test.project} runs \`${typeof spec.command === 'string' ? spec.command : shellQuote(spec.command)}\` while ${spec.dev.project} keeps serving`,
  async run(spec, ctx) {
    const badName = badProjectName(spec.dev, spec.test);
    if (badName) return failed(badName);
    const argv = typeof spec.command === 'string' ? splitCommand(spec.command) : spec.command;
    const live = await requireLive(ctx, (cli) =>
      [
        laterCommand(cli, spec.dev, 'up', '-d', '--build'),
        laterCommand(cli, spec.test, 'up', '-d', '--build'),
        `COMPOSE_FILE=${spec.test.file} COMPOSE_PROJECT_NAME=${spec.test.project} ${shellQuote(argv)}`,
        laterCommand(cli, spec.test, 'down', '-v'),
      ].join(' && '),
    );
    if (live.skip) return live.skip;
    const { cli } = live;
    try {
      await assertTargetFiles(spec.dev, ctx);
      await assertTargetFiles(spec.test, ctx);
    } catch (err) {
      if (err instanceof UserError) return failed(err.hint ? `${err.message}; ${err.hint}` : err.message);
      throw err;
    }
    const mode = spec.teardown ?? 'both';
    const readyMs = (spec.readyTimeout ?? 120) * 1000;
    const run = new ParallelRun(cli, ctx, readyMs);
    let result: CheckResult | undefined;
    let error: unknown;
    try {
      result = await run.go(spec.dev, spec.test, argv, (spec.timeout ?? 600) * 1000);
    } catch (err) {
      error = err;
    }
    // Teardown always happens: after success, failure, an engine error or Ctrl+C.
    const notes: string[] = [];
    if (mode !== 'none') {
      const targets: [ComposeTarget, boolean][] = [[spec.test, true]];
      if (mode === 'both') targets.push([spec.dev, false]);
      for (const [target, volumes] of targets) {
        const t = await teardown({ cli, target, cwd: ctx.root, volumes, onLine: ctx.output }).catch((e: Error) => ({ ok: false, left: [e.message], how: 'down' }));
        if (!t.ok) notes.push(`teardown of ${target.project} left: ${t.left.join(', ')}`);
      }
    }
    if (error) throw error;
    const downNote = mode === 'none' ? ' Both projects are left running.' : mode === 'test' ? ` ${spec.test.project} was taken down.` : ' Both were taken down.';
    if (notes.length > 0) return failed(`${result!.message}${downNote} But ${notes.join('; ')}`);
    return { ...result!, message: `${result!.message}${downNote}` };
  },
});

/** The steps of one parallel run; each returns a failure result or throws on Ctrl+C. */
class ParallelRun {
  private readonly started = Date.now();
  constructor(
    private readonly cli: ComposeCli,
    private readonly ctx: StepContext,
    private readonly readyMs: number,
  ) {}

  async go(dev: ComposeTarget, test: ComposeTarget, argv: string[], commandMs: number): Promise<CheckResult> {
    const { cli, ctx } = this;
    // 1. Dev serving (started here when it is not running yet).
    let devContainers = (await projectContainers(cli.engine, dev.project, ctx.signal)).filter((c) => !c.oneoff);
    if (!devContainers.some((c) => c.status === 'running')) {
      const up = await this.up(dev);
      if ('status' in up) return up;
      devContainers = up;
    }
    const devHints = await readServices(dev.file, ctx);
    const before = await this.probe(dev, devContainers, devHints);
    if (before.failed) return failed(`${dev.project} does not answer before the test run: ${before.failed}`);

    // 2. Test beside it.
    const testUp = await this.up(test);
    if ('status' in testUp) return failed(`${testUp.message} (while ${dev.project} was serving)`);

    // 3. The user's test command, pointed at the test project.
    const name = shellQuote(argv);
    ctx.log(`$ ${name}   (COMPOSE_FILE=${test.file} COMPOSE_PROJECT_NAME=${test.project})`);
    const commandStart = Date.now();
    const outcome = await runProcess({
      argv,
      cwd: ctx.root,
      env: { COMPOSE_FILE: test.file, COMPOSE_PROJECT_NAME: test.project },
      timeoutMs: commandMs,
      signal: ctx.signal,
      tailSize: 20,
      onLine: ctx.output,
    });
    const commandTook = seconds(Date.now() - commandStart);
    if (outcome.exitCode !== 0) {
      const status = outcome.exitCode === undefined ? outcome.problem : `exited with ${outcome.exitCode}`;
      const tail = outcome.tail.length > 0 ? `; last output:\n${outcome.tail.map((l) => `  ${l}`).join('\n')}` : '';
      return failed(`the test command \`${name}\` ${status} in ${test.project}${tail}`);
    }

    // 4. Dev still answers, with the very containers it had (nothing recreated or stolen).
    const devNow = (await projectContainers(cli.engine, dev.project, ctx.signal)).filter((c) => !c.oneoff);
    const replaced = devContainers.filter((c) => !devNow.some((n) => n.id === c.id && n.status === 'running'));
    if (replaced.length > 0) {
      return failed(`${dev.project} lost containers while the test ran: ${replaced.map((c) => c.name).join(', ')} (${devNow.map((c) => `${c.name} ${describeState(c)}`).join(', ') || 'none left'})`);
    }
    const after = await this.probe(dev, devNow, devHints);
    if (after.failed) return failed(`${dev.project} stopped answering while ${test.project} ran: ${after.failed}`);
    return passed(
      `${test.project} came up beside ${dev.project} and \`${name}\` passed in ${commandTook}; ${dev.project} kept answering (${after.summary}); ${seconds(Date.now() - this.started)} before teardown.`,
    );
  }

  /** up -d --build and wait; the containers, or a failure with the failing service's logs. */
  private async up(target: ComposeTarget): Promise<ContainerState[] | CheckResult> {
    const { cli, ctx } = this;
    const argv = composeArgv(cli, target, 'up', '-d', '--build');
    ctx.log(`$ ${shellQuote(argv)}`);
    const up = await runProcess({ argv, cwd: ctx.root, timeoutMs: Math.max(this.readyMs, 900_000), signal: ctx.signal, onLine: ctx.output, tailSize: 20 });
    if (up.exitCode !== 0) {
      return failed(`${shellQuote(argv)} failed (${up.problem ?? `exit code ${up.exitCode}`}); last output:\n${up.tail.map((l) => `  ${l}`).join('\n')}`);
    }
    const services = (await readServices(target.file, ctx)).filter((s) => !s.inProfile).map((s) => s.name);
    const t0 = Date.now();
    const wait = await waitHealthy({
      engine: cli.engine,
      project: target.project,
      services,
      timeoutMs: this.readyMs,
      signal: ctx.signal,
      onReady: (service, state) => ctx.log(`${target.project} ${service}: ${describeState(state)} after ${seconds(Date.now() - t0)}`),
    });
    if (!wait.ok) return failed(await failureWithLogs(`${target.project}: ${wait.reason}`, wait.failing, cli));
    return wait.containers;
  }

  private async probe(target: ComposeTarget, containers: ContainerState[], hints: Awaited<ReturnType<typeof readServices>>) {
    const results: ProbeResult[] = await runProbes(planProbes(containers, hints), { withinMs: 10_000, signal: this.ctx.signal });
    for (const r of results) this.ctx.log(`${target.project} ${describeProbe(r)}: ${r.detail}`, r.ok ? 'info' : 'warn');
    const bad = results.filter((r) => !r.ok);
    return {
      failed: bad.length > 0 ? bad.map((r) => `${describeProbe(r)} (${r.detail})`).join('; ') : undefined,
      summary: results.length > 0 ? results.map((r) => describeProbe(r)).join(', ') : 'no published ports',
    };
  }
}
