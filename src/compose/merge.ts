/**
 * Compose's rules for merging one service definition over another (used by `extends`
 * and by `-f base -f overlay`), on plain JS values. Analysis only: files are never
 * re-serialised from these values.
 */
type Obj = Record<string, unknown>;

/** Keys whose list form is `KEY=VALUE` (or `host:ip` for extra_hosts) and merge by key. */
const KEYED_LISTS: Record<string, string> = { environment: '=', labels: '=', sysctls: '=', extra_hosts: ':', annotations: '=' };
/** Keys that the overriding value replaces outright. */
const REPLACED = new Set(['command', 'entrypoint', 'image', 'build', 'container_name', 'healthcheck']);
/** Lists merged by mount target. */
const BY_TARGET = new Set(['volumes', 'devices']);

export function mergeService(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    if (prev === undefined || value === null || value === undefined) {
      out[key] = value;
    } else if (key in KEYED_LISTS) {
      out[key] = { ...toKeyedMap(prev, KEYED_LISTS[key]), ...toKeyedMap(value, KEYED_LISTS[key]) };
    } else if (key === 'depends_on' || key === 'networks') {
      out[key] = { ...toNamedMap(prev), ...toNamedMap(value) };
    } else if (key === 'healthcheck' && isObj(prev) && isObj(value)) {
      out[key] = { ...prev, ...value };
    } else if (REPLACED.has(key)) {
      out[key] = value;
    } else if (BY_TARGET.has(key) && Array.isArray(prev) && Array.isArray(value)) {
      const byTarget = new Map<string, unknown>();
      for (const v of [...prev, ...value]) byTarget.set(mountTarget(v), v);
      out[key] = [...byTarget.values()];
    } else if (Array.isArray(prev) && Array.isArray(value)) {
      const seen = new Set(prev.map((v) => JSON.stringify(v)));
      out[key] = [...prev, ...value.filter((v) => !seen.has(JSON.stringify(v)))];
    } else if (isObj(prev) && isObj(value)) {
      out[key] = deepMerge(prev, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function deepMerge(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObj(out[k]) && isObj(v) ? deepMerge(out[k] as Obj, v) : v;
  return out;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function toKeyedMap(v: unknown, sep: string): Obj {
  if (isObj(v)) return { ...v };
  const out: Obj = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = String(item);
      const i = s.indexOf(sep);
      if (i < 0) out[s] = null;
      else out[s.slice(0, i)] = s.slice(i + 1);
    }
  }
  return out;
}

/** `depends_on` / `networks`: list form → map form. */
export function toNamedMap(v: unknown): Obj {
  if (isObj(v)) return { ...v };
  const out: Obj = {};
  if (Array.isArray(v)) for (const item of v) out[String(item)] = null;
  return out;
}

export function mountTarget(v: unknown): string {
  if (isObj(v)) return String(v.target ?? '');
  const parts = splitMount(String(v));
  return parts.length === 1 ? parts[0] : parts[1];
}

/** Split `src:target[:mode]`, leaving Windows drive letters (`C:\x`) intact. */
export function splitMount(s: string): string[] {
  const parts = s.split(':');
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1] ?? '')) {
    return [`${parts[0]}:${parts[1]}`, ...parts.slice(2)];
  }
  return parts;
}
