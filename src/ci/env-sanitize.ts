/**
 * Rewrite an env file line by line, replacing secret values: with an obvious mock (for
 * .env.ci, so CI starts with values that are plainly fake) or with nothing (for the
 * committed .example files). Comments, order, blank lines, `export` and non-secret values
 * stay exactly as they were. The same secret gets the same mock everywhere in the file,
 * so a password and the DSN that embeds it still agree in CI.
 */
import { UserError } from '../engine/errors.js';
import { isCredentialDsn, isSecretValue, isTrivialValue, urlCredentials } from '../engine/secrets.js';

export type SanitizeMode = 'mock' | 'blank';

export interface SanitizeResult {
  text: string;
  /** Keys whose value was replaced (never the values). */
  replaced: string[];
}

const LINE = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(.*)$/;

interface RawValue {
  /** The value as Compose reads it (quotes removed). */
  value: string;
  quote: '' | '"' | "'";
  /** Text after the value on its line (an inline comment), kept as is. */
  tail: string;
  /** Index of the last line the value spans. */
  lastLine: number;
}

function readValue(lines: string[], i: number, rest: string, file: string): RawValue {
  const q = rest[0];
  if (q === '"' || q === "'") {
    let body = rest.slice(1);
    let j = i;
    let end = closeAt(body, q);
    while (end < 0 && j + 1 < lines.length) {
      j++;
      body += '\n' + lines[j];
      end = closeAt(body, q);
    }
    if (end < 0) throw new UserError(`${file}:${i + 1}: unterminated quote`, 64, 'close the quote');
    return { value: body.slice(0, end), quote: q, tail: body.slice(end + 1), lastLine: j };
  }
  const hash = rest.search(/\s#/);
  const value = hash >= 0 ? rest.slice(0, hash) : rest;
  return { value: value.trimEnd(), quote: '', tail: rest.slice(value.trimEnd().length), lastLine: i };
}

function closeAt(body: string, q: string): number {
  for (let k = 0; k < body.length; k++) {
    if (q === '"' && body[k] === '\\') {
      k++;
      continue;
    }
    if (body[k] === q) return k;
  }
  return -1;
}

/** An obvious fake for a key: `mock-postgres-password-for-ci`. */
export function mockFor(key: string): string {
  return `mock-${key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-for-ci`;
}

export function sanitizeEnvText(text: string, file: string, mode: SanitizeMode): SanitizeResult {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  const replaced: string[] = [];
  // Same secret → same mock, so e.g. POSTGRES_PASSWORD and DATABASE_URL keep agreeing.
  const mocks = new Map<string, string>();
  const mockOf = (secret: string, key: string) => {
    if (!mocks.has(secret)) mocks.set(secret, mockFor(key));
    return mocks.get(secret)!;
  };
  for (let i = 0; i < lines.length; i++) {
    const m = LINE.exec(lines[i]);
    if (!m || lines[i].trimStart().startsWith('#')) {
      out.push(lines[i]);
      continue;
    }
    const [, lead, key, eq, rest] = m;
    const raw = readValue(lines, i, rest, file);
    let next: string | undefined;
    if (isCredentialDsn(key, raw.value)) {
      // Keep the DSN's shape (SDKs parse it); only the credentials become a mock.
      next = mode === 'mock' ? raw.value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/i, `$1${mockOf(raw.value, key)}@`) : '';
    } else if (isSecretValue(key, raw.value)) {
      next = mode === 'mock' ? mockOf(raw.value, key) : '';
    } else {
      const cred = urlCredentials(raw.value);
      if (cred && !isTrivialValue(cred.password)) {
        const pw = mode === 'mock' ? mockOf(cred.password, `${key}-password`) : '';
        next = raw.value.slice(0, cred.start) + pw + raw.value.slice(cred.end);
      }
    }
    if (next === undefined) {
      for (let k = i; k <= raw.lastLine; k++) out.push(lines[k]);
    } else {
      const quoted = raw.quote && next !== '' ? `${raw.quote}${next}${raw.quote}` : next;
      out.push(`${lead}${key}${eq}${quoted}${raw.quote ? raw.tail : raw.tail}`);
      replaced.push(key);
    }
    i = raw.lastLine;
  }
  return { text: out.join(eol), replaced };
}
