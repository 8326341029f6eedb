/**
 * Compose port mappings → concrete host bindings, after interpolation.
 * Short syntax: `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]`, ranges (`30000-30009:30000-30009`),
 * IPv6 (`[::1]:80:80`); long syntax `{target, published, host_ip, protocol}`.
 */
import { interpolate, matchingBrace, type Env, type InterpolationProblem } from './interpolate.js';

export interface PortBinding {
  /** '' means all interfaces (0.0.0.0 / ::). */
  hostIp: string;
  /** null: Compose picks an ephemeral host port (no fixed binding, so no conflict). */
  hostPort: number | null;
  containerPort: number;
  protocol: string;
}

export interface ExpandedPorts {
  bindings: PortBinding[];
  problems: InterpolationProblem[];
  /** Entries that could not be read (message per entry). */
  invalid: string[];
}

export function expandPortEntry(entry: unknown, env: Env): ExpandedPorts {
  const problems: InterpolationProblem[] = [];
  const invalid: string[] = [];
  const interp = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    const r = interpolate(String(v), env);
    problems.push(...r.problems);
    return r.value;
  };
  let bindings: PortBinding[] = [];
  try {
    if (typeof entry === 'number') {
      bindings = [{ hostIp: '', hostPort: null, containerPort: entry, protocol: 'tcp' }];
    } else if (typeof entry === 'string') {
      bindings = parseShortPort(interp(entry));
    } else if (entry && typeof entry === 'object') {
      const e = entry as Record<string, unknown>;
      const targets = parseRange(interp(e.target));
      const published = interp(e.published).trim();
      const hosts = published === '' ? null : parseRange(published);
      const protocol = interp(e.protocol ?? 'tcp') || 'tcp';
      const hostIp = normaliseIp(interp(e.host_ip));
      bindings = pairUp(hostIp, hosts, targets, protocol);
    } else {
      invalid.push(`unreadable port entry ${JSON.stringify(entry)}`);
    }
  } catch (err) {
    invalid.push((err as Error).message);
  }
  return { bindings, problems, invalid };
}

/** Parse an interpolated short-syntax port. Throws on nonsense. */
export function parseShortPort(spec: string): PortBinding[] {
  let s = spec.trim();
  let protocol = 'tcp';
  const slash = s.lastIndexOf('/');
  if (slash >= 0) {
    protocol = s.slice(slash + 1) || 'tcp';
    s = s.slice(0, slash);
  }
  let hostIp = '';
  let rest: string[];
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) throw new Error(`port "${spec}": unclosed [ in IPv6 address`);
    hostIp = s.slice(1, close);
    rest = s.slice(close + 1).replace(/^:/, '').split(':');
  } else {
    const parts = s.split(':');
    if (parts.length > 3) {
      // Unbracketed IPv6: the last two parts are the ports.
      rest = parts.slice(-2);
      hostIp = parts.slice(0, -2).join(':');
    } else if (parts.length === 3) {
      hostIp = parts[0];
      rest = parts.slice(1);
    } else {
      rest = parts;
    }
  }
  const container = parseRange(rest[rest.length - 1]);
  const hostText = rest.length > 1 ? rest[0].trim() : '';
  const hosts = hostText === '' ? null : parseRange(hostText);
  return pairUp(normaliseIp(hostIp), hosts, container, protocol);
}

function pairUp(hostIp: string, hosts: number[] | null, containers: number[], protocol: string): PortBinding[] {
  if (hosts === null) return containers.map((c) => ({ hostIp, hostPort: null, containerPort: c, protocol }));
  if (hosts.length === containers.length) {
    return containers.map((c, i) => ({ hostIp, hostPort: hosts[i], containerPort: c, protocol }));
  }
  // `8000-8010:80`: Compose binds one port of the host range (the first free); count the whole range as taken.
  if (containers.length === 1) return hosts.map((h) => ({ hostIp, hostPort: h, containerPort: containers[0], protocol }));
  throw new Error(`port ranges ${hosts.length} and ${containers.length} long do not match`);
}

function parseRange(text: string): number[] {
  const t = text.trim();
  const m = /^(\d+)(?:-(\d+))?$/.exec(t);
  if (!m) throw new Error(`"${t}" is not a port number or range`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 0 || b > 65535 || b < a) throw new Error(`"${t}" is not a valid port range`);
  const out: number[] = [];
  for (let p = a; p <= b; p++) out.push(p);
  return out;
}

function normaliseIp(ip: string): string {
  const t = ip.trim().replace(/^\[|\]$/g, '');
  return t === '0.0.0.0' || t === '::' ? '' : t;
}

/** Two host bindings clash when ports and protocol match and the IPs overlap ('' overlaps everything). */
export function bindingsClash(a: PortBinding, b: PortBinding): boolean {
  if (a.hostPort === null || b.hostPort === null) return false;
  if (a.hostPort !== b.hostPort || a.protocol !== b.protocol) return false;
  return a.hostIp === '' || b.hostIp === '' || a.hostIp === b.hostIp;
}

/** The raw (un-interpolated) pieces of a short-syntax port, split on `:` outside `${...}` and `[...]`. */
export interface RawShortPort {
  hostIp: string | null;
  hostPort: string | null;
  container: string;
  /** Including the slash, e.g. "/tcp"; '' when absent. */
  protocol: string;
}

export function splitRawShortPort(raw: string): RawShortPort {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '$' && raw[i + 1] === '{') {
      const close = matchingBrace(raw, i + 1);
      const end = close < 0 ? raw.length - 1 : close;
      cur += raw.slice(i, end + 1);
      i = end;
    } else if (ch === '[') {
      const close = raw.indexOf(']', i);
      const end = close < 0 ? raw.length - 1 : close;
      cur += raw.slice(i, end + 1);
      i = end;
    } else if (ch === ':') {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  let last = parts[parts.length - 1];
  let protocol = '';
  const slash = last.lastIndexOf('/');
  if (slash >= 0 && !last.slice(slash).includes('}')) {
    protocol = last.slice(slash);
    last = last.slice(0, slash);
  }
  if (parts.length === 1) return { hostIp: null, hostPort: null, container: last, protocol };
  if (parts.length === 2) return { hostIp: null, hostPort: parts[0], container: last, protocol };
  return { hostIp: parts.slice(0, -2).join(':'), hostPort: parts[parts.length - 2], container: last, protocol };
}

export function joinRawShortPort(p: RawShortPort): string {
  const head = [p.hostIp, p.hostPort].filter((x) => x !== null);
  return [...head, p.container].join(':') + p.protocol;
}
