/**
 * Do a project's published ports answer? A TCP connect for every published tcp port,
 * and an HTTP GET where the service says it speaks HTTP: its healthcheck fetches an
 * http:// URL on a container port, or it carries `x-migrate-wizard: {http: /path}`.
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerState, PublishedPort } from './containers.js';
import type { ServiceInfo } from './live-target.js';

export interface Probe {
  service: string;
  kind: 'tcp' | 'http';
  host: string;
  port: number;
  /** For http: the path and query. */
  path?: string;
  /** Where the http path came from, for messages. */
  source?: 'healthcheck' | 'hint';
}

export interface ProbeResult extends Probe {
  ok: boolean;
  detail: string;
}

/** A published binding as seen from this host: 0.0.0.0 → 127.0.0.1, :: → ::1. */
export function probeHost(p: PublishedPort): string {
  if (p.hostIp === '' || p.hostIp === '0.0.0.0') return '127.0.0.1';
  if (p.hostIp === '::') return '::1';
  return p.hostIp;
}

/** The in-container http URL a healthcheck fetches, e.g. wget/curl http://localhost:8000/health. */
export function healthcheckHttp(test: string[] | undefined): { port: number; path: string } | undefined {
  if (!test) return undefined;
  const match = /https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s'"]*)?/.exec(test.join(' '));
  if (!match) return undefined;
  const port = match[2] ? Number(match[2]) : match[0].startsWith('https') ? 443 : 80;
  return { port, path: match[3] ?? '/' };
}

/** Every probe for the running containers: one per published tcp port (v4/v6 duplicates folded), plus http ones. */
export function planProbes(containers: ContainerState[], services: ServiceInfo[]): Probe[] {
  const probes: Probe[] = [];
  const seen = new Set<string>();
  for (const c of containers) {
    if (c.status !== 'running' || c.oneoff) continue;
    const tcp = c.ports.filter((p) => p.protocol === 'tcp');
    for (const p of tcp) {
      const host = probeHost(p);
      // Docker lists 0.0.0.0 and :: for one published port; probing one is enough.
      const key = `${p.hostIp === '::' ? '0.0.0.0' : p.hostIp}:${p.hostPort}`;
      if (seen.has(key)) continue;
      seen.add(key);
      probes.push({ service: c.service, kind: 'tcp', host, port: p.hostPort });
    }
    const hint = services.find((s) => s.name === c.service)?.httpHint;
    const fromHealth = healthcheckHttp(c.healthTest);
    const http = hint ? { port: hint.port ?? tcp[0]?.containerPort, path: hint.path, source: 'hint' as const } : fromHealth && { ...fromHealth, source: 'healthcheck' as const };
    if (!http || http.port === undefined) continue;
    const published = tcp.find((p) => p.containerPort === http.port && p.hostIp !== '::') ?? tcp.find((p) => p.containerPort === http.port);
    if (!published) continue; // the http port is internal only: nothing to probe from the host
    const path = http.path.startsWith('/') ? http.path : `/${http.path}`;
    probes.push({ service: c.service, kind: 'http', host: probeHost(published), port: published.hostPort, path, source: http.source });
  }
  return probes;
}

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean, detail: string) => {
      socket.destroy();
      resolve({ ok, detail });
    };
    socket.setTimeout(timeoutMs, () => done(false, `no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(true, 'accepts connections'));
    socket.once('error', (err: NodeJS.ErrnoException) => done(false, err.code ?? err.message));
  });
}

export async function httpProbe(host: string, port: number, path: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    return { ok: res.status < 400, detail: `HTTP ${res.status}` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ok: false, detail: cause ?? (err as Error).name };
  }
}

export function describeProbe(p: Probe): string {
  const where = `${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`;
  return p.kind === 'http' ? `${p.service} GET http://${where}${p.path}` : `${p.service} tcp ${where}`;
}

/**
 * Run every probe, retrying the failing ones until `withinMs` (a port can lag its
 * healthcheck by a moment, e.g. docker-proxy). Stops early on abort.
 */
export async function runProbes(probes: Probe[], opts: { withinMs: number; attemptMs?: number; signal: AbortSignal }): Promise<ProbeResult[]> {
  const attemptMs = opts.attemptMs ?? 2_000;
  const deadline = Date.now() + opts.withinMs;
  const results = new Map<number, ProbeResult>();
  for (;;) {
    const todo = probes.map((p, i) => [p, i] as const).filter(([, i]) => !results.get(i)?.ok);
    await Promise.all(
      todo.map(async ([p, i]) => {
        const r = p.kind === 'http' ? await httpProbe(p.host, p.port, p.path ?? '/', attemptMs) : await tcpProbe(p.host, p.port, attemptMs);
        results.set(i, { ...p, ...r });
      }),
    );
    const allOk = probes.every((_, i) => results.get(i)?.ok);
    if (allOk || Date.now() >= deadline || opts.signal.aborted) break;
    await sleep(250);
  }
  return probes.map((_, i) => results.get(i)!);
}
