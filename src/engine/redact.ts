import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { secretStrings } from './secrets.js';

const ENV_FILE = /^\.env(\..+)?$/;
const EXAMPLE_FILE = /\.(example|sample|template|dist)$/;
const MASK = '***';

/** KEY=VALUE pairs, leniently: a redactor must never fail on a file Compose would reject. */
function envEntries(text: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (m) out.push({ key: m[1], value: m[2].trim().replace(/^(['"])(.*)\1$/, '$2') });
  }
  return out;
}

/** A token under an innocent name: long, letters and digits, no spaces, not a path or image. */
function looksRandom(value: string): boolean {
  return value.length >= 16 && /[A-Za-z]/.test(value) && /\d/.test(value) && !/\s/.test(value) && !/^[\w.-]+\/[\w./-]+$/.test(value);
}

/** Values of secret entries in the project's .env files (never logged, never stored). */
export function secretValuesIn(root: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(root).filter((n) => ENV_FILE.test(n) && !EXAMPLE_FILE.test(n));
  } catch {
    return [];
  }
  const values = new Set<string>();
  for (const name of names) {
    let entries: { key: string; value: string }[];
    try {
      entries = envEntries(readFileSync(path.join(root, name), 'utf8'));
    } catch {
      continue;
    }
    for (const s of secretStrings(entries)) values.add(s);
    for (const { value } of entries) if (looksRandom(value)) values.add(value);
  }
  // Longest first, so a value containing another is masked whole.
  return [...values].sort((a, b) => b.length - a.length);
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
