import { UserError } from '../errors.js';
import type { Prompter } from '../prompts.js';
import type { Playbook } from './types.js';
import { stringsIn, variablesIn } from './variables.js';

/** Every variable a playbook uses anywhere. */
export function usedVariables(playbook: Playbook): Set<string> {
  const used = new Set<string>();
  for (const phase of playbook.phases)
    for (const step of phase.steps)
      for (const [text] of stringsIn([step.actions, step.checks, step.when ?? {}, step.title, step.why])) for (const v of variablesIn(text)) used.add(v);
  return used;
}

export interface VariableSources {
  facts: Record<string, string | undefined>;
  /** From a previous run of this migration: keeps answers stable across resume. */
  saved: Record<string, string>;
  /** From --set. */
  set: Record<string, string>;
}

/**
 * Precedence: --set, then saved answers, then detected facts, then the playbook's default.
 * A used variable with no value is asked for, or (under --yes / no terminal) fails naming --set.
 */
export async function resolveVariables(playbook: Playbook, sources: VariableSources, prompter: Prompter, assumeYes: boolean): Promise<Record<string, string>> {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(sources.facts)) if (v !== undefined) vars[k] = v;
  for (const [k, decl] of Object.entries(playbook.vars)) if (vars[k] === undefined && decl.default !== undefined) vars[k] = decl.default;
  Object.assign(vars, sources.saved, sources.set);
  // Defaults may refer to other variables: `{{projectName}}-dev`.
  for (const k of Object.keys(vars)) vars[k] = vars[k].replace(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g, (m, name: string) => vars[name] ?? m);
  for (const name of usedVariables(playbook)) {
    if (vars[name] !== undefined) continue;
    const description = playbook.vars[name]?.description ?? `value for ${name}`;
    if (assumeYes) throw new UserError(`the playbook needs {{${name}}} (${description}) and it could not be detected`, 64, `pass --set ${name}=<value>`);
    const answer = await prompter.ask({ kind: 'variable', name, description });
    if (!answer.value) throw new UserError(`no value given for {{${name}}}`, 64, `pass --set ${name}=<value>`);
    vars[name] = answer.value;
  }
  return vars;
}
