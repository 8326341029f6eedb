import { maskSecrets } from './findings.js';

/**
 * Makefile (and justfile) targets whose recipes call docker or compose, directly or through a
 * variable such as `COMPOSE = docker compose -f …`.
 */
export interface MakeTarget {
  target: string;
  line: number;
  /** First recipe line that calls a container tool, masked. */
  command: string;
  commandLine: number;
}

const CONTAINER_TOOL = /(?:^|[\s;&|(@-])(?:docker(?:-compose)?|podman(?:-compose)?|nerdctl|buildah)(?=\s|$)/;

export function makeTargets(text: string, flavour: 'make' | 'just' = 'make'): MakeTarget[] {
  const lines = text.split(/\r?\n/);
  const containerVars = new Set<string>();
  // Variables first: a recipe may use one defined further down.
  for (const l of lines) {
    const v = l.match(/^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*(?::{1,3}=|[+?!]?=|:=)\s*(.*)$/);
    if (v && CONTAINER_TOOL.test(' ' + v[2]!)) containerVars.add(v[1]!);
  }
  // Variables defined through other container variables (DC = $(COMPOSE) -f x.yml).
  for (const l of lines) {
    const v = l.match(/^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*(?::{1,3}=|[+?!]?=|:=)\s*(.*)$/);
    if (v && usesVar(v[2]!, containerVars)) containerVars.add(v[1]!);
  }
  const out: MakeTarget[] = [];
  let current: { names: string[]; line: number } | null = null;
  const found = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const isRecipe = flavour === 'make' ? l.startsWith('\t') : /^\s+\S/.test(l);
    if (isRecipe) {
      if (!current) continue;
      const cmd = l.trim();
      if (cmd.startsWith('#')) continue;
      if (CONTAINER_TOOL.test(' ' + cmd) || usesVar(cmd, containerVars)) {
        for (const name of current.names) {
          if (found.has(name)) continue;
          found.add(name);
          out.push({ target: name, line: current.line, command: maskSecrets(cmd.replace(/^[@-]+/, '')), commandLine: i + 1 });
        }
      }
      continue;
    }
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    const t =
      flavour === 'make'
        ? l.match(/^([^\s:=#][^:=#]*?)\s*::?(?!=)/)
        : l.match(/^@?([A-Za-z_][\w-]*)(?:\s+[^:]*)?:(?!=)/);
    if (t && !/^\s*(?:export\s+)?[A-Za-z_][\w.-]*\s*(?::{1,3}=|[+?!]?=)/.test(l)) {
      const names = t[1]!.split(/\s+/).filter((n) => n && !n.startsWith('.') && !n.includes('%') && !n.includes('$'));
      current = { names, line: i + 1 };
    } else if (flavour === 'make' && !/^\s/.test(l)) {
      current = null;
    }
  }
  return out;
}

function usesVar(s: string, vars: Set<string>): boolean {
  for (const m of s.matchAll(/\$[({]([A-Za-z_][\w.-]*)[)}]/g)) if (vars.has(m[1]!)) return true;
  return false;
}
