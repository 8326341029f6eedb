import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SECRET_KEY = /(KEY|SECRET|PASS|PWD|TOKEN|DSN|CREDENTIAL|AUTH|PRIVATE|SALT|COOKIE|SESSION|CERT)/i;
const ENV_FILE = /^\.env(\..+)?$/;
const EXAMPLE_FILE = /\.(example|sample|template|dist)$/;
const MASK = '***';

/** Values of secret-looking entries in the project's .env files (never logged, never stored). */
export function secretValuesIn(root: string): string[] {
  const values = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync(root).filter((n) => ENV_FILE.test(n) && !EXAMPLE_FILE.test(n));
  } catch {
    return [];
  }
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(path.join(root, name), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split(/\r?\n/)) {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
      if (!m) continue;
      const value = m[2].trim().replace(/^(['"])(.*)\1$/, '$2');
      if (looksSecret(m[1], value)) values.add(value);
      const credential = /:\/\/[^:/@\s]+:([^@\s]+)@/.exec(value);
      if (credential && credential[1].length >= 3) values.add(credential[1]);
    }
  }
  // Longest first, so a value containing another is masked whole.
  return [...values].sort((a, b) => b.length - a.length);
}

function looksSecret(key: string, value: string): boolean {
  if (value.length < 3 || /^(true|false|yes|no|on|off|null|none|\d+)$/i.test(value)) return false;
  if (SECRET_KEY.test(key)) return true;
  // Random-looking values (tokens under innocent names).
  return value.length >= 16 && /[A-Za-z]/.test(value) && /\d/.test(value) && !/\s/.test(value) && !/^[\w.-]+\/[\w./-]+$/.test(value);
}

export class Redactor {
  private secrets: string[] = [];

  constructor(private readonly root: string) {
    this.refresh();
  }

  /** Re-read the env files (a step may have created new ones). */
  refresh(): void {
    this.secrets = secretValuesIn(this.root);
  }

  text(s: string): string {
    if (this.secrets.length === 0) return s;
    let out = s;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  }

  /** Mask every string inside a JSON-like value. */
  deep<T>(value: T): T {
    if (this.secrets.length === 0) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.text(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}
