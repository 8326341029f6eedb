/**
 * The containers of one compose project, as the engine reports them. Found by the
 * `com.docker.compose.project` label (set by docker compose v1/v2 and podman-compose),
 * through the engine client rather than the compose CLI: it is fast (no python start-up
 * with v1) and works even when the compose file is gone.
 */
import type { EngineName } from './engine-cli.js';
import { loadExeca } from '../engine/load-execa.js';
import { compareNames } from '../engine/compare-names.js';

export const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';
const ONEOFF_LABEL = 'com.docker.compose.oneoff';

export interface PublishedPort {
  containerPort: number;
  protocol: string;
  hostIp: string;
  hostPort: number;
}

export interface ContainerState {
  id: string;
  name: string;
  service: string;
  /** created | running | restarting | exited | dead | paused | removing */
  status: string;
  /** Only when the container has a healthcheck. */
  health?: 'starting' | 'healthy' | 'unhealthy';
  exitCode: number;
  restartPolicy: string;
  /** `docker compose run` containers: not part of `up`. */
  oneoff: boolean;
  ports: PublishedPort[];
  /** The healthcheck test, e.g. ["CMD", "wget", "-q", "http://127.0.0.1:8000/health"]. */
  healthTest?: string[];
}

interface InspectJson {
  Id: string;
  Name: string;
  State: { Status: string; ExitCode: number; Health?: { Status: string } };
  Config: { Labels?: Record<string, string> | null; Healthcheck?: { Test?: string[] } | null };
  HostConfig?: { RestartPolicy?: { Name?: string } };
  NetworkSettings?: { Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> | null };
}

async function engineCall(engine: EngineName, args: string[], signal?: AbortSignal) {
  const execa = await loadExeca();
  return execa(engine, args, { reject: false, stdin: 'ignore', cancelSignal: signal, timeout: 30_000 });
}

/** IDs of every container (any state) carrying the project label. */
export async function projectContainerIds(engine: EngineName, project: string, signal?: AbortSignal): Promise<string[]> {
  const result = await engineCall(engine, ['ps', '-a', '-q', '--no-trunc', '--filter', `label=${PROJECT_LABEL}=${project}`], signal);
  if (result.exitCode !== 0) throw new Error(`${engine} ps failed: ${String(result.stderr).trim()}`);
  return String(result.stdout).split('\n').map((s) => s.trim()).filter(Boolean);
}

/** Full state of the project's containers; [] when there are none. */
export async function projectContainers(engine: EngineName, project: string, signal?: AbortSignal): Promise<ContainerState[]> {
  const ids = await projectContainerIds(engine, project, signal);
  if (ids.length === 0) return [];
  const result = await engineCall(engine, ['inspect', ...ids], signal);
  // A container removed between ps and inspect makes inspect exit 1 but still print the rest.
  const text = String(result.stdout).trim();
  if (!text) return [];
  return (JSON.parse(text) as InspectJson[]).map(toState).sort((a, b) => compareNames(a.service, b.service) || compareNames(a.name, b.name));
}

function toState(c: InspectJson): ContainerState {
  const labels = c.Config.Labels ?? {};
  const ports: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
    const [port, protocol = 'tcp'] = key.split('/');
    for (const b of bindings ?? []) {
      if (b.HostPort) ports.push({ containerPort: Number(port), protocol, hostIp: b.HostIp ?? '', hostPort: Number(b.HostPort) });
    }
  }
  const health = c.State.Health?.Status;
  const test = c.Config.Healthcheck?.Test;
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    service: labels[SERVICE_LABEL] ?? c.Name.replace(/^\//, ''),
    status: c.State.Status,
    health: health === 'starting' || health === 'healthy' || health === 'unhealthy' ? health : undefined,
    exitCode: c.State.ExitCode,
    restartPolicy: c.HostConfig?.RestartPolicy?.Name || 'no',
    oneoff: (labels[ONEOFF_LABEL] ?? '').toLowerCase() === 'true',
    ports,
    healthTest: test && test[0] !== 'NONE' ? test : undefined,
  };
}

/** The last `lines` lines a container printed (stdout and stderr), or a note why there are none. */
export async function containerLogTail(engine: EngineName, id: string, lines = 20, signal?: AbortSignal): Promise<string[]> {
  const execa = await loadExeca();
  const result = await execa(engine, ['logs', '--tail', String(lines), id], {
    reject: false,
    stdin: 'ignore',
    all: true,
    cancelSignal: signal,
    timeout: 15_000,
  });
  const all = String(result.all ?? '').split('\n').filter((l) => l.trim() !== '');
  return all.length > 0 ? all.slice(-lines) : ['(no log output)'];
}

/** "running (healthy)", "exited with code 1", ... */
export function describeState(c: ContainerState): string {
  if (c.status === 'exited' || c.status === 'dead') return `${c.status} with code ${c.exitCode}`;
  return c.health ? `${c.status} (${c.health})` : c.status;
}
