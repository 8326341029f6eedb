/**
 * What every live check starts with: find the compose CLI and a reachable engine, or
 * say "skipped" with the reason and the exact command to run later (never "passed").
 */
import type { StepContext } from '../actions/types.js';
import { skipped, type CheckResult } from '../checks/types.js';
import { containerLogTail, describeState, type ContainerState } from './containers.js';
import { detectLive, type ComposeCli } from './engine-cli.js';

export type LiveOrSkip = { cli: ComposeCli; skip?: undefined } | { cli?: undefined; skip: CheckResult };

/** `later(cli)` gives the command(s) the user can run once an engine is there. */
export async function requireLive(ctx: StepContext, later: (cli: ComposeCli | null) => string): Promise<LiveOrSkip> {
  const live = await detectLive({ signal: ctx.signal });
  if (live.unavailable || !live.cli) {
    return { skip: skipped(`${live.unavailable ?? 'no compose CLI found'}\nRun later: ${later(live.cli)}`) };
  }
  return { cli: live.cli };
}

/** "db is exited with code 1. Last 20 log lines of shop-db:\n  ..." */
export async function failureWithLogs(
  reason: string,
  failing: ContainerState | undefined,
  cli: ComposeCli,
  lines = 20,
): Promise<string> {
  if (!failing) return reason;
  const tail = await containerLogTail(cli.engine, failing.id, lines);
  return `${reason}. Last ${lines} log lines of ${failing.name} (${describeState(failing)}):\n${tail.map((l) => `  ${l}`).join('\n')}`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
