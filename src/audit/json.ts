import { AREAS, PRIORITIES, type Finding, type Priority } from './findings.js';
import type { AuditInventory, AuditResult } from './scan.js';

/**
 * The `--json` document. Its shape is documented in docs/audit-json.md; bump `version` on any
 * change that removes or renames a field (adding fields does not bump it).
 */
export const AUDIT_JSON_VERSION = 1;

export interface AuditJson {
  version: typeof AUDIT_JSON_VERSION;
  tool: 'migrate-wizard audit';
  summary: {
    findings: number;
    files: number;
    byPriority: Record<Priority, number>;
    byArea: Record<string, number>;
    filesScanned: number;
    durationMs: number;
  };
  findings: Finding[];
  inventory: AuditInventory;
  notes: string[];
}

export function toJson(result: AuditResult): AuditJson {
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  const byArea: Record<string, number> = Object.fromEntries(AREAS.map((a) => [a, 0]));
  for (const f of result.findings) {
    byPriority[f.priority]++;
    byArea[f.area] = (byArea[f.area] ?? 0) + 1;
  }
  return {
    version: AUDIT_JSON_VERSION,
    tool: 'migrate-wizard audit',
    summary: {
      findings: result.findings.length,
      files: new Set(result.findings.map((f) => f.file)).size,
      byPriority,
      byArea,
      filesScanned: result.stats.filesSeen,
      durationMs: result.stats.durationMs,
    },
    findings: result.findings.map(ordered),
    inventory: result.inventory,
    notes: result.notes,
  };
}

/** The same key order for every finding, whatever order the code built it in. */
function ordered(f: Finding): Finding {
  const { id, rule, priority, area, file, line, endLine, title, evidence, why, action, effort, related } = f;
  return { id, rule, priority, area, file, line, endLine, title, evidence, why, action, effort, ...(related ? { related } : {}) };
}

export function renderJson(result: AuditResult): string {
  return JSON.stringify(toJson(result), null, 2) + '\n';
}
