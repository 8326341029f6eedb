#!/usr/bin/env node
// Copy demo/parallel-envs to <dest> and drop the static busybox binary into every
// build context, so the demo builds FROM scratch with no image registry.
// Usage: node scripts/prepare-demo.mjs <dest>   (dest must not exist or be empty)
import { cpSync, copyFileSync, existsSync, readdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = path.dirname(fileURLToPath(import.meta.url));
export const demoSource = path.resolve(here, '..', 'demo', 'parallel-envs');
/** Build contexts inside the demo that need the busybox binary. */
export const buildContexts = ['app'];

export function findBusybox() {
  for (const candidate of ['/bin/busybox', '/usr/bin/busybox']) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('which', ['busybox'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Copy the demo to dest; returns the busybox path used. Throws with a hint when busybox is missing. */
export function prepareDemo(dest) {
  const busybox = findBusybox();
  if (!busybox) throw new Error('busybox not found; install it with: apt-get install -y busybox-static');
  if (existsSync(dest) && readdirSync(dest).length > 0) throw new Error(`${dest} exists and is not empty`);
  cpSync(demoSource, dest, { recursive: true });
  for (const ctx of buildContexts) {
    const target = path.join(dest, ctx, 'busybox');
    copyFileSync(busybox, target);
    chmodSync(target, 0o755);
  }
  return busybox;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dest = process.argv[2];
  if (!dest) {
    console.error('usage: node scripts/prepare-demo.mjs <dest>');
    process.exit(64);
  }
  try {
    prepareDemo(path.resolve(dest));
    console.error(`demo copied to ${path.resolve(dest)}`);
  } catch (err) {
    console.error(`prepare-demo: ${err.message}`);
    process.exit(1);
  }
}
