/**
 * Which env entries are secrets. By key: *_KEY, *_SECRET, *PASSWORD*, *TOKEN*, and the
 * usual relatives (PASSWD, PWD, CREDENTIALS, PRIVATE, SALT, AUTH); by value: a URL or DSN
 * carrying `user:password@`. Values never leave this module in messages.
 */
const SECRET_KEY = [
  /(^|_)KEY$/i,
  /(^|_)SECRET(_|$)/i,
  /SECRET$/i,
  /PASSWORD/i,
  /PASSWD/i,
  /(^|_)PWD$/i,
  /(^|_)PASS$/i,
  /TOKEN/i,
  /CREDENTIALS?/i,
  /PRIVATE/i,
  /(^|_)SALT$/i,
  /(^|_)AUTH(_|$)/i,
  /API_?KEY/i,
  /ACCESS_?KEY/i,
];

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.some((re) => re.test(key));
}

/** Values that are settings, not secrets, even under a secret-looking key (flags, numbers, empty). */
export function isTrivialValue(value: string): boolean {
  return value.trim().length < 3 || /^(true|false|yes|no|on|off|null|none|changeme|\d+)$/i.test(value.trim());
}

/** `scheme://user:password@host…` → the password part and where it is; undefined when there is none. */
export function urlCredentials(value: string): { password: string; start: number; end: number } | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^:/@\s]*):([^@\s]+)@/i.exec(value);
  if (!m) return undefined;
  const start = m[1].length + m[2].length + 1;
  return { password: m[3], start, end: start + m[3].length };
}

/** A `*_DSN` with user info (`https://key@sentry…`, `https://key:secret@…`): the user part is a credential too. */
export function isCredentialDsn(key: string, value: string): boolean {
  return /DSN$/i.test(key) && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+@/i.test(value);
}

/** A whole value that is secret: under a secret key, or a DSN with credentials. */
export function isSecretValue(key: string, value: string): boolean {
  return value !== '' && ((isSecretKey(key) && !isTrivialValue(value)) || isCredentialDsn(key, value));
}

/** Does this entry carry a secret (by key or by embedded credentials)? */
export function entryIsSecret(key: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (isSecretValue(key, value)) return true;
  const cred = urlCredentials(value);
  return cred !== undefined && !isTrivialValue(cred.password);
}

/** The secret strings in a set of entries: whole values of secret keys, and URL passwords. */
export function secretStrings(entries: { key: string; value: string | undefined }[]): string[] {
  const out = new Set<string>();
  for (const { key, value } of entries) {
    if (value === undefined || value === '') continue;
    if (isSecretValue(key, value)) out.add(value);
    if (isCredentialDsn(key, value)) {
      for (const part of /:\/\/([^/@\s]+)@/.exec(value)![1].split(':')) if (!isTrivialValue(part)) out.add(part);
    }
    const cred = urlCredentials(value);
    if (cred && !isTrivialValue(cred.password)) out.add(cred.password);
  }
  return [...out];
}
