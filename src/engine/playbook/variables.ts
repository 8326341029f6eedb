import { UserError } from '../errors.js';

const TEMPLATE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Every `{{name}}` used in a string. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((m) => m[1]);
}

/** Walk strings in a JSON-like value, with their paths. */
export function* stringsIn(value: unknown, path: (string | number)[] = []): Generator<[string, (string | number)[]]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], [...path, i]);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* stringsIn(v, [...path, k]);
}

/** Replace `{{name}}` in every string of a spec. A missing value is a usage error naming the flag. */
export function substitute<T>(value: T, vars: Readonly<Record<string, string>>, where: string): T {
  const replaceIn = (text: string): string =>
    text.replace(TEMPLATE, (_, name: string) => {
      const v = vars[name];
      if (v === undefined) throw new UserError(`${where}: variable {{${name}}} has no value`, 64, `pass --set ${name}=<value>`);
      return v;
    });
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return replaceIn(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
