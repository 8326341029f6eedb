import { readFileSync } from 'node:fs';
import { isPlaceholderValue, isSecretKey } from './findings.js';

/**
 * Env files (`KEY=value` per line). The audit reports keys only; values stay inside this
 * module's callers for interpolation and secret detection and are never put in a report.
 */
export interface EnvEntry {
  key: string;
  line: number;
}

export interface ParsedEnv {
  entries: EnvEntry[];
  /** Values by key (last assignment wins, as in Compose). Never serialise this. */
  values: Map<string, string>;
}

export function parseEnv(text: string): ParsedEnv {
  const entries: EnvEntry[] = [];
  const values = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i]!.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/);
    if (!m) continue;
    let value = m[2]!;
    const q = value[0];
    if (q === '"' || q === "'") {
      // A quoted value may run over several lines.
      let end = value.indexOf(q, 1);
      let j = i;
      while (end === -1 && j + 1 < lines.length) {
        value += '\n' + lines[++j]!;
        end = value.indexOf(q, 1);
      }
      value = end === -1 ? value.slice(1) : value.slice(1, end);
      entries.push({ key: m[1]!, line: i + 1 });
      values.set(m[1]!, value);
      i = j;
      continue;
    }
    value = value.replace(/\s+#.*$/, '').trim();
    entries.push({ key: m[1]!, line: i + 1 });
    values.set(m[1]!, value);
  }
  return { entries, values };
}

export function readEnvFile(abs: string): ParsedEnv | null {
  try {
    return parseEnv(readFileSync(abs, 'utf8'));
  } catch {
    return null;
  }
}

/** Keys whose values look like real credentials: a secret-ish name with a non-placeholder value, or a URL with a password. */
export function secretKeys(env: ParsedEnv): EnvEntry[] {
  const seen = new Set<string>();
  const out: EnvEntry[] = [];
  for (const e of env.entries) {
    if (seen.has(e.key)) continue;
    const v = env.values.get(e.key) ?? '';
    const named = isSecretKey(e.key) && !isPlaceholderValue(v) && !/^(true|false|yes|no|on|off|\d{1,5})$/i.test(v);
    const inUrl = /\w+:\/\/[^:/\s@]+:[^@\s/]+@/.test(v) && !/:\/\/[^:/\s@]+:(\$\{?\w+\}?|x+|\*+|password|changeme)@/i.test(v);
    if (named || inUrl) {
      seen.add(e.key);
      out.push(e);
    }
  }
  return out;
}
