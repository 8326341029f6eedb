import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { actionTypes } from '../../actions/index.js';
import { checkTypes } from '../../checks/index.js';
import { UserError } from '../errors.js';
import { displayPath } from './display-path.js';
import { positionOf, type PathSegment } from './positions.js';
import { manualItemSchema, phaseSchema, playbookMetaSchema, stepSchema } from './schema.js';
import type { Phase, Playbook, Step, TypedSpec, VariableDeclaration } from './types.js';
import { stringsIn, variablesIn } from './variables.js';

const META_FILE = 'playbook.yaml';
const MAX_ERRORS = 12;

interface ParsedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
}

/** Collects `file:line:col: message` errors; the load fails with all of them at once. */
class Problems {
  readonly list: string[] = [];
  add(pf: ParsedFile, path: readonly PathSegment[], message: string, opts?: { key?: boolean }): void {
    this.list.push(`${pf.file}:${positionOf(pf.doc, pf.lines, path, opts)}: ${message}`);
  }
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, MAX_ERRORS);
    const more = this.list.length > MAX_ERRORS ? `\n  … and ${this.list.length - MAX_ERRORS} more` : '';
    throw new UserError(`invalid playbook:\n  ${shown.join('\n  ')}${more}`, 64, 'fix the lines named above; the JSON Schema in phases/schema.json gives editor completion');
  }
}

function readYaml(file: string): ParsedFile {
  const shown = displayPath(file);
  const bytes = readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8Offset(bytes);
    const line = bytes.subarray(0, bad).toString('latin1').split('\n').length;
    throw new UserError(`${shown}:${line}:1: the file is not UTF-8 text`, 64, 'save it as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)');
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    const messages = doc.errors.slice(0, MAX_ERRORS).map((e) => {
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      return `${shown}:${pos.line}:${pos.col}: ${e.message.split('\n')[0]}`;
    });
    throw new UserError(`invalid YAML:\n  ${messages.join('\n  ')}`, 64, 'fix the YAML at the line named above');
  }
  return { file: shown, doc, lines };
}

function firstInvalidUtf8Offset(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, i + 1), { stream: true });
    } catch {
      return i;
    }
  }
  return 0;
}

function describeIssue(issue: z.core.$ZodIssue, allowedKeys: readonly string[]): { message: string; key: boolean; path: PathSegment[] } {
  const path = issue.path as PathSegment[];
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        message: `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${allowedKeys.join(', ')}`,
        key: true,
        path: [...path, issue.keys[0]],
      };
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined) {
        return { message: `missing required field "${String(path[path.length - 1])}"`, key: false, path: path.slice(0, -1) };
      }
      return { message: `${String(path[path.length - 1] ?? 'value')}: expected ${issue.expected}`, key: false, path };
    case 'invalid_value':
      return {
        message: `${String(path[path.length - 1])}: must be one of ${issue.values.map((v) => String(v)).join(', ')}`,
        key: false,
        path,
      };
    default:
      return { message: `${String(path[path.length - 1] ?? 'value')}: ${issue.message}`, key: false, path };
  }
}

function shapeKeys(schema: z.ZodTypeAny): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function validate<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  pf: ParsedFile,
  base: PathSegment[],
  problems: Problems,
): z.infer<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const keys = shapeKeys(schema);
  for (const issue of result.error.issues) {
    const { message, key, path } = describeIssue(issue, keys);
    problems.add(pf, [...base, ...path], message, { key });
  }
  return undefined;
}

function validateTyped(
  kind: 'action' | 'check',
  value: unknown,
  pf: ParsedFile,
  at: PathSegment[],
  problems: Problems,
): TypedSpec | undefined {
  const registry: { type: string; schema: z.ZodTypeAny }[] = kind === 'action' ? actionTypes : checkTypes;
  const allowed = registry.map((d) => d.type).join(', ');
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.add(pf, at, `each ${kind} is a mapping with a "type"; allowed types: ${allowed}`);
    return undefined;
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    problems.add(pf, at, `${kind} has no "type"; allowed types: ${allowed}`);
    return undefined;
  }
  const def = registry.find((d) => d.type === type);
  if (!def) {
    problems.add(pf, [...at, 'type'], `unknown ${kind} type "${type}"; allowed types: ${allowed}`);
    return undefined;
  }
  return validate(def.schema, value, pf, at, problems) as TypedSpec | undefined;
}

function phaseFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && f !== META_FILE)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export interface LoadOptions {
  /** Variable names that have a source besides the playbook (facts, --set, built-ins). */
  knownVariables: Iterable<string>;
}

/** Load and validate a playbook folder. Fails with every problem found, each as `file:line:col: message`. */
export function loadPlaybook(dir: string, name: string, opts: LoadOptions): Playbook {
  return load(dir, name, opts.knownVariables, new Set());
}

/**
 * For the build's precompiled cache of built-in playbooks: load and validate without judging
 * `{{variables}}`, and return every name the normal load would judge, so the run can judge them
 * against its own known variables.
 */
export function loadPlaybookUnjudged(dir: string, name: string): { playbook: Playbook; variables: string[] } {
  const used = new Set<string>();
  const playbook = load(dir, name, 'any', used);
  return { playbook, variables: [...used].sort() };
}

function load(dir: string, name: string, knownVariables: Iterable<string> | 'any', used: Set<string>): Playbook {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`playbook "${name}" not found (looked for the folder ${displayPath(dir)})`, 64, 'pass --playbook with a built-in name or a folder path');
  }
  const problems = new Problems();
  let title = name;
  let description: string | undefined;
  let vars: Record<string, VariableDeclaration> = {};
  let next: string[] | undefined;
  const metaPath = path.join(dir, META_FILE);
  if (existsSync(metaPath)) {
    const pf = readYaml(metaPath);
    const meta = validate(playbookMetaSchema, pf.doc.toJS(), pf, [], problems);
    if (meta) {
      title = meta.title;
      description = meta.description;
      vars = meta.vars ?? {};
      next = meta.next;
    }
  }
  const files = phaseFiles(dir);
  if (files.length === 0) {
    throw new UserError(`playbook "${name}" has no phase files (*.yaml) in ${displayPath(dir)}`, 64, 'add a file such as 1-first-phase.yaml');
  }
  const known = knownVariables === 'any' ? 'any' : new Set([...knownVariables, ...Object.keys(vars)]);
  const phases: Phase[] = [];
  const stepIds = new Map<string, string>();
  for (const f of files) {
    const pf = readYaml(path.join(dir, f));
    const raw = pf.doc.toJS({ maxAliasCount: 1000 }) as unknown;
    const phase = validate(phaseSchema, raw, pf, [], problems);
    if (!phase) continue;
    const steps: Step[] = [];
    phase.steps.forEach((rawStep, si) => {
      const at: PathSegment[] = ['steps', si];
      const step = validate(stepSchema, rawStep, pf, at, problems);
      if (!step) return;
      const where = `${pf.file}:${positionOf(pf.doc, pf.lines, at).split(':')[0]}`;
      const seen = stepIds.get(step.id);
      if (seen) problems.add(pf, [...at, 'id'], `duplicate step id "${step.id}" (also at ${seen})`);
      stepIds.set(step.id, where);
      const actions = (step.actions ?? []).map((a, i) => validateTyped('action', a, pf, [...at, 'actions', i], problems));
      const checks = (step.checks ?? []).map((c, i) => validateTyped('check', c, pf, [...at, 'checks', i], problems));
      if (step.manual?.length) {
        const items = step.manual.map((item, i) => {
          const parsed = manualItemSchema.parse(item);
          return typeof parsed === 'string'
            ? { id: `item-${i + 1}`, text: parsed, required: true }
            : { id: parsed.id ?? `item-${i + 1}`, text: parsed.text, required: parsed.required ?? true };
        });
        actions.push({ type: 'manual', items });
        if (!actionTypes.some((a) => a.type === 'manual')) problems.add(pf, [...at, 'manual'], 'manual items need the "manual" action type, which is not available');
      }
      // Every {{variable}} must have a source.
      for (const [text, p] of stringsIn({ title: step.title, why: step.why, actions: step.actions, checks: step.checks, when: step.when })) {
        for (const v of variablesIn(text)) {
          used.add(v);
          if (known !== 'any' && !known.has(v)) {
            problems.add(pf, [...at, ...p], `unknown variable {{${v}}}; known: ${[...known].sort().join(', ')}`);
          }
        }
      }
      steps.push({
        id: step.id,
        title: step.title,
        risk: step.risk,
        priority: step.priority,
        why: step.why,
        when: step.when,
        actions: actions.filter((a): a is TypedSpec => a !== undefined),
        checks: checks.filter((c): c is TypedSpec => c !== undefined),
        phaseId: phase.id,
        source: where,
      });
    });
    if (phases.some((p) => p.id === phase.id)) problems.add(pf, ['id'], `duplicate phase id "${phase.id}"`);
    phases.push({ id: phase.id, title: phase.title, description: phase.description, steps, file: pf.file });
  }
  problems.throwIfAny();
  return { name, dir, title, description, vars, next, phases };
}
