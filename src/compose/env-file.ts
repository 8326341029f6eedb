/**
 * `.env` files as Compose reads them: `KEY=VALUE`, `export KEY=VALUE`, `# comments`,
 * single quotes (literal), double quotes (escapes, may span lines, interpolated),
 * unquoted values (inline ` #` comment stripped, interpolated). Values never leave
 * this module in messages: errors name the file and line only.
 */
import { UserError } from '../engine/errors.js';
import { interpolate, type Env } from './interpolate.js';

export interface EnvEntry {
  key: string;
  /** undefined for a bare `KEY` line (Compose takes it from the environment, if set). */
  value: string | undefined;
  line: number;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseEnvFile(text: string, file: string, outer: Env = {}): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const values: Record<string, string | undefined> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trimStart();
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (!KEY.test(key)) {
      throw new UserError(`${file}:${lineNo}: not a KEY=VALUE line`, 64, 'fix or comment out that line');
    }
    if (eq < 0) {
      const fromOuter = outer[key];
      entries.push({ key, value: fromOuter, line: lineNo });
      values[key] = fromOuter;
      continue;
    }
    let raw = line.slice(eq + 1).trimStart();
    let value: string;
    const q = raw[0];
    if (q === "'" || q === '"') {
      // Quoted values may continue on following lines until the closing quote.
      let body = raw.slice(1);
      let end = findClose(body, q);
      while (end < 0 && i + 1 < lines.length) {
        i++;
        body += '\n' + lines[i];
        end = findClose(body, q);
      }
      if (end < 0) throw new UserError(`${file}:${lineNo}: unterminated ${q === '"' ? 'double' : 'single'} quote`, 64, 'close the quote');
      const inner = body.slice(0, end);
      value = q === "'" ? inner : interpolateWith(unescapeDouble(inner), values, outer);
    } else {
      const hash = raw.search(/\s#/);
      if (hash >= 0) raw = raw.slice(0, hash);
      value = interpolateWith(raw.trim(), values, outer);
    }
    entries.push({ key, value, line: lineNo });
    values[key] = value;
  }
  return entries;
}

/** The last value for each key (later lines win, as in Compose). */
export function envFileToMap(entries: EnvEntry[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of entries) if (e.value !== undefined) map[e.key] = e.value;
  return map;
}

/**
 * The variables Compose interpolates with: the shell environment wins over the env file
 * (Compose's precedence), the env file fills the rest.
 */
export function interpolationEnv(fileValues: Record<string, string>, processEnv: Env): Record<string, string> {
  const out: Record<string, string> = { ...fileValues };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) out[k] = v;
  return out;
}

function findClose(body: string, q: string): number {
  for (let i = 0; i < body.length; i++) {
    if (q === '"' && body[i] === '\\') {
      i++;
      continue;
    }
    if (body[i] === q) return i;
  }
  return -1;
}

function unescapeDouble(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

function interpolateWith(raw: string, values: Record<string, string | undefined>, outer: Env): string {
  if (!raw.includes('$')) return raw;
  return interpolate(raw, { ...values, ...withoutUndefined(outer) }).value;
}

function withoutUndefined(env: Env): Record<string, string> {
  const o: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) o[k] = v;
  return o;
}
