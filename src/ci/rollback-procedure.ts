/**
 * ROLLBACK_PROCEDURE.md from the journal's applied changes: what was created, changed and
 * renamed (by step), and the exact shell commands that restore the original tree by hand:
 * originals come from the backup folder when its copy has the right bytes, else from the
 * wizard's own byte store (.migrate-wizard/store/<2>/<sha256>).
 */
import type { AppliedFileChange } from '../actions/types.js';
import { compareNames } from '../engine/compare-names.js';

export interface BackupCopy {
  /** Path of the copy, e.g. backups/pre-migration-20261121/.env */
  copy: string;
  sha256: string;
}

export interface ProcedureInput {
  changes: AppliedFileChange[];
  /** This document's own path (created by the step writing it). */
  self: string;
  /** Whether `self` existed before the migration (then it is left alone). */
  selfExisted: boolean;
  /** Backup copies by original path. */
  backups: Map<string, BackupCopy>;
  /** The backup folder, when the migration created it (removed at the end). */
  backupDir?: string;
  /** Current permission bits of a path, for files restored from the byte store. */
  modeOf(path: string): number | undefined;
  storeDir: string;
  /** e.g. "npx migrate-wizard". */
  tool: string;
}

/** Single-quote for sh. */
export function q(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

interface Origin {
  /** The original path, or null when the migration created the file. */
  orig: string | null;
  /** sha256 of the original bytes (when orig is set). */
  sha?: string;
  /** sha256 of the bytes now. */
  now: string;
}

export function netChanges(changes: AppliedFileChange[]): Map<string, Origin> {
  const at = new Map<string, Origin>();
  for (const c of changes) {
    if (c.kind === 'create') {
      at.set(c.path, { orig: null, now: c.afterSha256 });
    } else if (c.kind === 'modify') {
      const o = at.get(c.path);
      at.set(c.path, o ? { ...o, now: c.afterSha256 } : { orig: c.path, sha: c.beforeSha256, now: c.afterSha256 });
    } else {
      const from = c.from!;
      const o = at.get(from) ?? { orig: from, sha: c.afterSha256, now: c.afterSha256 };
      at.delete(from);
      at.set(c.path, { ...o, now: c.afterSha256 });
    }
  }
  return at;
}

function parents(p: string): string[] {
  const parts = p.split('/');
  const out: string[] = [];
  for (let i = parts.length - 1; i > 0; i--) out.push(parts.slice(0, i).join('/'));
  return out;
}

export function procedureCommands(input: ProcedureInput): string[] {
  const net = netChanges(input.changes.filter((c) => c.path !== input.self));
  const inBackup = (p: string) => input.backupDir !== undefined && (p === input.backupDir || p.startsWith(`${input.backupDir}/`));
  const cmds: string[] = ['set -e'];
  const created = [...net].filter(([p, o]) => o.orig === null && !inBackup(p)).map(([p]) => p);
  if (created.length > 0) {
    cmds.push('', '# 1. Remove the files the migration created');
    for (const p of created) cmds.push(`rm -f -- ${q(p)}`);
  }
  const restores = [...net].filter(([, o]) => o.orig !== null);
  if (restores.length > 0) {
    cmds.push('', '# 2. Put back the renamed and changed files, byte for byte');
    for (const [p, o] of restores) {
      const orig = o.orig!;
      if (p !== orig && o.now === o.sha) {
        cmds.push(`mv -- ${q(p)} ${q(orig)}`);
        continue;
      }
      const b = input.backups.get(orig);
      if (b && b.sha256 === o.sha) cmds.push(`cp -p -- ${q(b.copy)} ${q(orig)}`);
      else {
        const mode = input.modeOf(p);
        cmds.push(`cp -- ${q(`${input.storeDir}/${o.sha!.slice(0, 2)}/${o.sha}`)} ${q(orig)}${mode !== undefined ? ` && chmod ${mode.toString(8).padStart(3, '0')} ${q(orig)}` : ''}`);
      }
      if (p !== orig) cmds.push(`rm -f -- ${q(p)}`);
    }
  }
  const kept = new Set([...restores.map(([, o]) => o.orig!), ...restores.flatMap(([, o]) => parents(o.orig!))]);
  const dirs = [...new Set([...created, ...(input.selfExisted ? [] : [input.self])].flatMap(parents))]
    .filter((d) => !kept.has(d) && !inBackup(d) && d !== input.backupDir?.split('/')[0])
    .sort((a, b) => b.split('/').length - a.split('/').length || compareNames(a, b));
  if (dirs.length > 0) {
    cmds.push('', '# 3. Remove the folders the migration created (only when empty)');
    cmds.push(`rmdir -- ${dirs.map(q).join(' ')} 2>/dev/null || true`);
  }
  cmds.push('', '# 4. Last: the backup folder and this file');
  if (input.backupDir) {
    cmds.push(`rm -rf -- ${q(input.backupDir)}`);
    const top = input.backupDir.split('/')[0];
    if (top !== input.backupDir) cmds.push(`rmdir -- ${q(top)} 2>/dev/null || true`);
  }
  if (!input.selfExisted) cmds.push(`rm -f -- ${q(input.self)}`);
  cmds.push(`rm -rf -- ${q(input.storeDir.split('/')[0])}   # the wizard's state: it no longer matches the files`);
  return cmds;
}

export function renderProcedure(input: ProcedureInput): string {
  const label = { create: 'created', modify: 'changed', rename: 'renamed' } as const;
  const rows = input.changes
    .filter((c) => c.path !== input.self)
    .map((c) => `| ${c.stepId} | ${label[c.kind]} | \`${c.kind === 'rename' ? `${c.from} → ${c.path}` : c.path}\` |`);
  if (!input.selfExisted) rows.push(`| (this step) | created | \`${input.self}\` |`);
  return [
    '<!-- Generated by migrate-wizard from its journal; re-running the step rewrites it. -->',
    '# Rollback procedure',
    '',
    '## One command',
    '',
    '```sh',
    `${input.tool} rollback                 # everything, newest change first`,
    `${input.tool} rollback --phase <id>    # one phase (ids: ${input.tool} status)`,
    '```',
    '',
    'It refuses to overwrite a file you edited since (pass `--force` to keep your version beside the restored one).',
    '',
    '## What the migration changed',
    '',
    '| Step | Change | File |',
    '|---|---|---|',
    ...rows,
    '',
    '## By hand',
    '',
    `Without the wizard, run these from the project root (bash or sh). Originals come from ${input.backupDir ? `\`${input.backupDir}/\` (copies checked by sha256) or ` : ''}\`${input.storeDir}/\` (the wizard's byte copies, named by sha256). Stop any running stacks first (\`make dev-down test-down\`).`,
    '',
    '```sh',
    ...procedureCommands(input),
    '```',
    '',
  ].join('\n');
}
