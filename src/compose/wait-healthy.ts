/**
 * Wait until every expected service of a project is ready: healthy when it has a
 * healthcheck, running when it has none, or finished with code 0 (a one-shot job such
 * as a migration). Fails fast on `unhealthy` or a non-zero exit without restart policy.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { InterruptedError } from '../engine/errors.js';
import { describeState, projectContainers, type ContainerState } from './containers.js';
import type { EngineName } from './engine-cli.js';

export interface WaitOptions {
  engine: EngineName;
  project: string;
  services: string[];
  timeoutMs: number;
  signal: AbortSignal;
  /** How often to ask the engine; 250 ms keeps the wait close to the real start time. */
  pollMs?: number;
  /** Called once per service when it becomes ready. */
  onReady?(service: string, state: ContainerState, afterMs: number): void;
}

export type WaitOutcome =
  | { ok: true; containers: ContainerState[]; elapsedMs: number }
  | {
      ok: false;
      /** One line: which services are not ready and why. */
      reason: string;
      /** The container whose logs explain it best. */
      failing?: ContainerState;
      containers: ContainerState[];
      elapsedMs: number;
    };

type Verdict = 'ready' | 'waiting' | 'failed';

export function verdict(c: ContainerState): Verdict {
  if (c.status === 'running') {
    if (c.health === 'unhealthy') return 'failed';
    return c.health === undefined || c.health === 'healthy' ? 'ready' : 'waiting';
  }
  if (c.status === 'exited' || c.status === 'dead') {
    if (c.exitCode === 0 && c.status === 'exited') return 'ready';
    // With a restart policy the engine will try again; the timeout decides.
    return c.restartPolicy === 'no' || c.restartPolicy === '' ? 'failed' : 'waiting';
  }
  return 'waiting'; // created, restarting, paused, removing
}

export async function waitHealthy(opts: WaitOptions): Promise<WaitOutcome> {
  const started = Date.now();
  const pollMs = opts.pollMs ?? 250;
  const ready = new Set<string>();
  for (;;) {
    if (opts.signal.aborted) throw new InterruptedError('interrupted while waiting for services to become healthy');
    let containers: ContainerState[];
    try {
      containers = (await projectContainers(opts.engine, opts.project, opts.signal)).filter((c) => !c.oneoff);
    } catch (err) {
      if (opts.signal.aborted) throw new InterruptedError('interrupted while waiting for services to become healthy');
      throw err;
    }
    const elapsedMs = Date.now() - started;
    const pending: string[] = [];
    for (const service of opts.services) {
      const mine = containers.filter((c) => c.service === service);
      if (mine.length === 0) {
        pending.push(`${service}: no container`);
        continue;
      }
      const bad = mine.find((c) => verdict(c) === 'failed');
      if (bad) {
        return { ok: false, reason: `${service} is ${describeState(bad)}`, failing: bad, containers, elapsedMs };
      }
      const waiting = mine.find((c) => verdict(c) === 'waiting');
      if (waiting) pending.push(`${service}: ${describeState(waiting)}`);
      else if (!ready.has(service)) {
        ready.add(service);
        opts.onReady?.(service, mine[0], elapsedMs);
      }
    }
    if (pending.length === 0) return { ok: true, containers, elapsedMs };
    if (elapsedMs >= opts.timeoutMs) {
      const failingName = pending[0].split(':')[0];
      const failing = containers.find((c) => c.service === failingName);
      return {
        ok: false,
        reason: `not ready after ${Math.round(opts.timeoutMs / 1000)}s: ${pending.join(', ')}`,
        failing,
        containers,
        elapsedMs,
      };
    }
    try {
      await sleep(pollMs, undefined, { signal: opts.signal });
    } catch {
      throw new InterruptedError('interrupted while waiting for services to become healthy');
    }
  }
}
