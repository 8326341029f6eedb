/**
 * Healthchecks for the services of one compose file: services on a known image (postgres,
 * mysql/mariadb, mongo, redis, rabbitmq) get their standard probe, spliced in so the rest of
 * the file stays byte for byte; the others are listed with the reason, for a person.
 */
import { isMap, isScalar, type Scalar } from 'yaml';
import { buildComposeModel, loadParsed, type TextSource } from '../compose/model.js';
import { pairOf, SourceEditor } from '../compose/source-edit.js';
import { healthcheckLines, imageKind } from '../compose/test-services.js';
import { ciRunCommand } from './ci-compose.js';

export interface HealthcheckGap {
  file: string;
  service: string;
  reason: string;
}

export interface HealthcheckResult {
  text: string;
  added: string[];
  gaps: HealthcheckGap[];
  notes: string[];
}

export async function addHealthchecks(source: TextSource, file: string): Promise<HealthcheckResult> {
  const parsed = await loadParsed(source, file);
  const model = await buildComposeModel(parsed, source, { env: {} });
  const ed = new SourceEditor(parsed.text, parsed.doc, file);
  const added: string[] = [];
  const gaps: HealthcheckGap[] = [];
  const notes: string[] = [];
  const version = String((parsed.js().version as string | undefined) ?? '');
  const oldFormat = /^2(\.0)?$/.test(version) || /^1/.test(version);
  // The CI test runner exits with the result: nothing waits on it, it needs no probe.
  const runner = ciRunCommand(parsed.text)?.service;
  const services = ed.resolve(pairOf(parsed.doc.contents, 'services')?.value);
  for (const s of model.services) {
    if (s.healthcheck !== undefined) continue; // its own (or `disable: true`, a decision already made)
    if (s.name === runner) {
      notes.push(`service ${s.name}: the CI test runner; it exits with the result, so it needs no healthcheck`);
      continue;
    }
    const kind = imageKind(s.image);
    const context = typeof s.build === 'string' ? s.build : (s.build as { context?: string } | undefined)?.context ?? '.';
    const what = s.image ? `image ${s.image}` : s.build !== undefined ? `built from ${context}` : 'no image';
    if (!kind) {
      gaps.push({ file, service: s.name, reason: `${what}: no standard probe is known for it` });
      continue;
    }
    if (oldFormat) {
      gaps.push({ file, service: s.name, reason: `compose file version ${version} has no healthcheck key` });
      continue;
    }
    const svc = isMap(services) ? ed.resolve(services.items.find((p) => isScalar(p.key) && (p.key as Scalar).value === s.name)?.value) : null;
    if (!isMap(svc) || (svc as { flow?: boolean }).flow && svc.items.length === 0) {
      gaps.push({ file, service: s.name, reason: `${what}: its definition is not a block mapping that can be edited in place` });
      continue;
    }
    ed.appendToMap(svc, healthcheckLines(kind));
    added.push(s.name);
    notes.push(`service ${s.name}: ${kind} healthcheck added`);
  }
  return { text: ed.apply(), added, gaps, notes };
}
