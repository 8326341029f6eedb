#!/usr/bin/env node
// Copy demo/parallel-envs to <dest> and drop the static busybox binary into every
// build context, so the demo builds FROM scratch with no image registry.
// Usage: node scripts/prepare-demo.mjs [--free-ports] <dest>   (dest must not exist or be empty)
import { cpSync, copyFileSync, existsSync, readdirSync, chmodSync, openSync, readSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
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

/**
 * A FROM scratch image has no libc: the binary must be static. An ELF file is dynamic
 * when it has a PT_INTERP program header (the loader path). 64-bit little-endian only.
 */
export function isStaticElf(file) {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2 || head[5] !== 1) return false;
    const phoff = Number(head.readBigUInt64LE(0x20));
    const phentsize = head.readUInt16LE(0x36);
    const phnum = head.readUInt16LE(0x38);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) return false; // PT_INTERP
    return true;
  } finally {
    closeSync(fd);
  }
}

/** Copy the demo to dest; returns the busybox path used. Throws with a hint when busybox is missing. */
export function prepareDemo(dest) {
  const busybox = findBusybox();
  if (!busybox) throw new Error('busybox not found; install it with: apt-get install -y busybox-static');
  if (!isStaticElf(busybox)) throw new Error(`${busybox} is not a static 64-bit binary, so it cannot run in a FROM scratch image; install busybox-static`);
  if (existsSync(dest) && readdirSync(dest).length > 0) throw new Error(`${dest} exists and is not empty`);
  cpSync(demoSource, dest, { recursive: true });
  for (const ctx of buildContexts) {
    const target = path.join(dest, ctx, 'busybox');
    copyFileSync(busybox, target);
    chmodSync(target, 0o755);
  }
  return busybox;
}

/** A free host port in 20000-29999 (so the test copy's +10000 stays a valid port). */
async function freePort() {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    const ok = await new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
    });
    if (ok) return port;
  }
}

/**
 * prepareDemo, then point WEB_PORT and DB_PORT in .env at free ports, so tests (and a demo
 * beside a real dev stack) never collide on 8080/6379. Returns the ports chosen.
 */
export async function prepareDemoWithFreePorts(dest) {
  prepareDemo(dest);
  const ports = { WEB_PORT: await freePort(), DB_PORT: await freePort() };
  const envPath = path.join(dest, '.env');
  let text = readFileSync(envPath, 'utf8');
  for (const [key, port] of Object.entries(ports)) text = text.replace(new RegExp(`^${key}=.*$`, 'm'), `${key}=${port}`);
  writeFileSync(envPath, text);
  return ports;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const free = args.includes('--free-ports');
  const dest = args.find((a) => !a.startsWith('--'));
  if (!dest) {
    console.error('usage: node scripts/prepare-demo.mjs [--free-ports] <dest>');
    process.exit(64);
  }
  try {
    if (free) await prepareDemoWithFreePorts(path.resolve(dest));
    else prepareDemo(path.resolve(dest));
    console.error(`demo copied to ${path.resolve(dest)}`);
  } catch (err) {
    console.error(`prepare-demo: ${err.message}`);
    process.exit(1);
  }
}
