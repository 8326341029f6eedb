/**
 * Compose variable interpolation, as `docker compose` does it:
 * `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+x}`, `${VAR+x}`,
 * `$$` for a literal `$`, and nested expressions inside defaults (`${A:-${B:-x}}`, `${VAR:-$$host}`).
 * Problems are collected, never thrown: analysis must go on and report them all.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export interface InterpolationProblem {
  variable: string;
  /** 'required': `${VAR?err}` / `${VAR:?err}` unset; 'unset': plain `${VAR}` unset (Compose substitutes ""). */
  kind: 'required' | 'unset' | 'syntax';
  message: string;
}

export interface Interpolated {
  value: string;
  problems: InterpolationProblem[];
  /** Every variable name the text refers to (set or not). */
  variables: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(text: string, env: Env): Interpolated {
  const problems: InterpolationProblem[] = [];
  const variables = new Set<string>();
  const value = expand(text, env, problems, variables);
  return { value, problems, variables: [...variables] };
}

/** True when the text contains an interpolation (not just `$$`). */
export function hasVariables(text: string): boolean {
  return interpolate(text, {}).variables.length > 0;
}

function expand(text: string, env: Env, problems: InterpolationProblem[], vars: Set<string>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, i + 1);
      if (close < 0) {
        problems.push({ variable: '', kind: 'syntax', message: `unclosed "\${" in ${JSON.stringify(text)}` });
        out += text.slice(i);
        break;
      }
      out += braced(text.slice(i + 2, close), env, problems, vars);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (m) {
      const name = m[0];
      vars.add(name);
      const v = env[name];
      if (v === undefined) problems.push({ variable: name, kind: 'unset', message: `variable ${name} is not set; Compose uses ""` });
      out += v ?? '';
      i += 1 + name.length;
      continue;
    }
    // A lone `$` (e.g. at the end, or before a space) is kept as is.
    out += '$';
    i++;
  }
  return out;
}

/** Index of the `}` matching the `{` at `open`, skipping nested `${...}`. */
export function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') {
      i++;
      continue;
    }
    if (text[i] === '{') depth++;
    else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function braced(inner: string, env: Env, problems: InterpolationProblem[], vars: Set<string>): string {
  const m = NAME.exec(inner);
  if (!m) {
    problems.push({ variable: inner, kind: 'syntax', message: `invalid interpolation "\${${inner}}"` });
    return '';
  }
  const name = m[0];
  vars.add(name);
  const rest = inner.slice(name.length);
  const v = env[name];
  const set = v !== undefined;
  const nonEmpty = set && v !== '';
  if (rest === '') {
    if (!set) problems.push({ variable: name, kind: 'unset', message: `variable ${name} is not set; Compose uses ""` });
    return v ?? '';
  }
  const op = rest.startsWith(':') ? rest.slice(0, 2) : rest.slice(0, 1);
  const arg = rest.slice(op.length);
  // The argument is only expanded when used, so `${A:-${B}}` reports B only when A is unset.
  const argValue = () => expand(arg, env, problems, vars);
  switch (op) {
    case ':-':
      return nonEmpty ? v! : argValue();
    case '-':
      return set ? v! : argValue();
    case ':?':
    case '?':
      if (op === ':?' ? nonEmpty : set) return v!;
      problems.push({
        variable: name,
        kind: 'required',
        message: `required variable ${name} is ${set ? 'empty' : 'not set'}${arg ? `: ${expand(arg, env, [], new Set())}` : ''}`,
      });
      return '';
    case ':+':
      return nonEmpty ? argValue() : '';
    case '+':
      return set ? argValue() : '';
    default:
      problems.push({ variable: name, kind: 'syntax', message: `invalid interpolation "\${${inner}}"` });
      return '';
  }
}
