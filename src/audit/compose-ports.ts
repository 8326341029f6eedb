import path from 'node:path';
import { bindingsClash } from '../compose/ports.js';
import type { ComposeFile, ComposeService, PortBinding } from './compose.js';

/**
 * Host port conflicts across every compose file in the project, after interpolation: the
 * question "can these stacks run side by side?". Written for the audit; the parallel-envs
 * playbook can reuse it. Port expansion and the clash rule are the compose library's
 * (src/compose/ports.ts); this adds line numbers, same-file checks, profiles and overlays.
 */
export interface PublishedPort {
  file: string;
  service: string;
  binding: PortBinding;
}

export interface PortConflict {
  a: PublishedPort;
  b: PublishedPort;
  /** First overlapping host port. */
  port: number;
}

/** A service that only patches one defined elsewhere (no image, build or extends). */
function isOverlay(s: ComposeService): boolean {
  return !s.image && !s.build && !s.extends;
}

/** `docker-compose.override.yml` is merged into `docker-compose.yml` automatically. */
function isOverridePair(a: string, b: string): boolean {
  if (path.posix.dirname(a) !== path.posix.dirname(b)) return false;
  const base = (f: string) => path.posix.basename(f).replace(/\.override(?=\.ya?ml$)/, '');
  const isOv = (f: string) => /\.override\.ya?ml$/.test(f);
  return (isOv(a) || isOv(b)) && base(a).replace(/\.yaml$/, '.yml') === base(b).replace(/\.yaml$/, '.yml');
}

/** First clashing host port, using the compose library's clash rule (same port, protocol, overlapping IP). */
function overlaps(x: PortBinding, y: PortBinding): number | null {
  for (const a of x.bindings) for (const b of y.bindings) if (bindingsClash(a, b)) return a.hostPort;
  return null;
}

/** Same folder, or one folder inside the other (docker/compose.test.yml beside ./compose.yml). */
function related(a: string, b: string): boolean {
  const da = path.posix.dirname(a);
  const db = path.posix.dirname(b);
  const inside = (x: string, y: string) => x === '.' || y === x || y.startsWith(x + '/');
  return inside(da, db) || inside(db, da);
}

export function findPortConflicts(files: ComposeFile[]): PortConflict[] {
  const all: { pub: PublishedPort; svc: ComposeService; file: ComposeFile }[] = [];
  for (const f of files) for (const s of f.services) for (const p of s.ports) all.push({ pub: { file: f.rel, service: s.name, binding: p }, svc: s, file: f });
  const out: PortConflict[] = [];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const x = all[i]!;
      const y = all[j]!;
      const sameFile = x.file === y.file;
      if (sameFile && x.svc === y.svc) continue; // the same service listing a port twice
      if (sameFile) {
        // Services in disjoint profiles are alternatives, never up together.
        const px = x.svc.profiles;
        const py = y.svc.profiles;
        if (px.length && py.length && !px.some((p) => py.includes(p))) continue;
      } else if (x.svc.name === y.svc.name && (isOverlay(x.svc) || isOverlay(y.svc) || isOverridePair(x.file.rel, y.file.rel))) {
        continue; // one file patches the other's service: merged, not run side by side
      } else if (!related(x.file.rel, y.file.rel)) {
        continue; // compose files in sibling folders are separate projects (a monorepo, examples)
      }
      const port = overlaps(x.pub.binding, y.pub.binding);
      if (port !== null) out.push({ a: x.pub, b: y.pub, port });
    }
  }
  return out;
}
