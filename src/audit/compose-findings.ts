import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ComposeFile, ComposeService } from './compose.js';
import { findPortConflicts } from './compose-ports.js';
import { makeFinding, type Finding } from './findings.js';
import type { GitIgnores } from './walk.js';

export interface ComposeContext {
  root: string;
  /** The raw line of a file, for evidence. */
  lineText(file: string, line: number): string;
  ignores: GitIgnores;
  /** True when the image this service builds declares a HEALTHCHECK in its Dockerfile. */
  imageHasHealthcheck(file: ComposeFile, svc: ComposeService): boolean;
}

/** "a, b, c and 4 more" */
function few(names: string[], max = 4): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

const KEEPALIVE = /\bsleep\s+(?:infinity|inf\b|\d{6,})|\btail\s+-f\s+\/dev\/null\b/;

export function composeFindings(files: ComposeFile[], ctx: ComposeContext): Finding[] {
  const out: Finding[] = [];
  for (const found of findPortConflicts(files)) {
    // Put the item on the file that should change: the overlay/test file, not the main one.
    const primary = (f: string) => /^(docker-)?compose\.ya?ml$/.test(path.posix.basename(f));
    const c = primary(found.b.file) && !primary(found.a.file) ? { ...found, a: found.b, b: found.a } : found;
    const where = (p: typeof c.a) => `${p.service} (${p.file}:${p.binding.line})`;
    const same = c.a.file === c.b.file;
    out.push(
      makeFinding({
        rule: 'compose.port-conflict',
        priority: 'high',
        area: 'build config',
        file: c.b.file,
        line: c.b.binding.line,
        evidence: ctx.lineText(c.b.file, c.b.binding.line),
        title: `Host port ${c.port} is published by both ${where(c.a)} and ${where(c.b)}`,
        why: same
          ? 'Two services in one stack bind the same host port; the second fails to start.'
          : 'The two stacks cannot run side by side: whichever starts second fails with "port is already allocated".',
        action: same
          ? 'Give one service another host port, or publish it only under a profile.'
          : 'Give the second stack its own host ports from a variable (`${TEST_API_PORT:-18000}:8000`), or drop the host port where only other containers need it.',
        effort: 'xs',
        related: [{ file: c.a.file, line: c.a.binding.line }],
      }),
    );
  }

  for (const f of files) {
    const named = f.services.filter((s) => s.containerName);
    if (named.length) {
      const first = named[0]!;
      const lines = named.map((s) => s.containerName!.line);
      const parametrised = named.every((s) => /\$/.test(s.containerName!.raw));
      out.push(
        makeFinding({
          rule: 'compose.container-name',
          priority: parametrised ? 'medium' : 'high',
          area: 'build config',
          file: f.rel,
          line: Math.min(...lines),
          endLine: Math.max(...lines),
          evidence: ctx.lineText(f.rel, first.containerName!.line),
          title: `Fixed container_name on ${named.length} service${named.length > 1 ? 's' : ''} (${few(named.map((s) => s.name), 6)})`,
          why: 'An explicit container_name is global on the host: a second copy of the stack (a test run, another checkout, `-p other`) fails with "container name already in use", and project isolation is lost.',
          action: 'Remove container_name and let Compose name containers per project (`-p app-dev`, `-p app-test`); refer to services by service name.',
          effort: 'xs',
        }),
      );
    }

    const byName = new Map(f.services.map((s) => [s.name, s]));
    const dependents = new Map<string, { svc: ComposeService; condition: string | null }[]>();
    for (const s of f.services) {
      for (const d of s.dependsOn) {
        // A one-shot job needs no healthcheck; an explicit `service_started` is a deliberate choice
        // (workers and consumers with nothing to probe), not an oversight.
        if (d.condition === 'service_completed_successfully' || d.condition === 'service_started') continue;
        const list = dependents.get(d.service) ?? [];
        list.push({ svc: s, condition: d.condition });
        dependents.set(d.service, list);
      }
    }
    for (const [name, deps] of dependents) {
      const target = byName.get(name);
      if (!target || target.healthcheck === 'yes') continue;
      if (target.healthcheck === 'no' && ctx.imageHasHealthcheck(f, target)) continue;
      const wantsHealthy = deps.some((d) => d.condition === 'service_healthy');
      out.push(
        makeFinding({
          rule: 'compose.depends-without-healthcheck',
          priority: wantsHealthy ? 'high' : 'medium',
          area: 'build config',
          file: f.rel,
          line: target.line,
          evidence: ctx.lineText(f.rel, target.line),
          title: `\`${name}\` has no healthcheck but ${few(deps.map((d) => d.svc.name))} depend${deps.length === 1 ? 's' : ''} on it`,
          why: wantsHealthy
            ? '`condition: service_healthy` on a service without a healthcheck makes `docker compose up` fail.'
            : 'Dependents start as soon as the container starts, not when it is ready: flaky first requests and test runs that race the database.',
          action: `Add a healthcheck to \`${name}\` and use \`depends_on: {${name}: {condition: service_healthy}}\` in its dependents.`,
          effort: 'xs',
        }),
      );
    }

    const dir = path.posix.dirname(f.rel);
    for (const s of f.services) {
      for (const v of s.volumes) {
        if (v.type !== 'bind' || v.unresolved.length || !/^\.\.?(\/|$)/.test(v.source)) continue;
        const rel = path.posix.normalize(path.posix.join(dir, v.source));
        if (rel.startsWith('..')) continue; // outside the project: host-specific
        if (rel === '.' || existsSync(path.join(ctx.root, rel))) continue;
        const base = path.posix.basename(rel);
        const fileLike = /\.[A-Za-z0-9]+$/.test(base) || /^\.(env|npmrc|pypirc|netrc|gitconfig)/.test(base);
        if (!fileLike && ctx.ignores.ignores(rel, true)) continue; // runtime data folder, already ignored
        out.push(
          makeFinding({
            rule: 'compose.bind-source-missing',
            priority: fileLike ? 'high' : 'low',
            area: 'build config',
            file: f.rel,
            line: v.line,
            evidence: ctx.lineText(f.rel, v.line),
            title: `Bind mount source \`${v.source}\` of \`${s.name}\` does not exist`,
            why: fileLike
              ? 'Docker creates a missing bind source as an empty root-owned directory, so the service sees a folder where it expects a file, and `COPY . .` may bake that folder into images.'
              : 'Docker will create the folder root-owned on first start, and it is not ignored by git.',
            action: fileLike
              ? `Create \`${rel}\` (or a committed template for it) or fix the path; if it was renamed, follow the rename here.`
              : `Use a named volume, or add \`${rel}/\` to .gitignore.`,
            effort: 'xs',
          }),
        );
      }
      for (const c of s.commands) {
        if (!KEEPALIVE.test(c.text)) continue;
        out.push(
          makeFinding({
            rule: 'compose.sleep-infinity',
            priority: 'medium',
            area: 'build config',
            file: f.rel,
            line: c.line,
            evidence: ctx.lineText(f.rel, c.line),
            title: `\`${s.name}\` is kept alive with a no-op command`,
            why: 'A container that only sleeps hides whether the real process works, never exits in tests, and has nothing for a healthcheck to probe.',
            action: 'Run the real process (or `docker compose run --rm` for one-off commands) instead of a keep-alive.',
            effort: 's',
          }),
        );
      }
    }
  }
  return out;
}
