import { inCi } from './ci.js';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface EngineAvailability {
  available: boolean;
  /** Why not, when unavailable (printed by the live tests when they skip). */
  reason?: string;
}

function dockerInfo(): boolean {
  return spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

function hasComposeCli(): boolean {
  const v2 = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return v2 || spawnSync('docker-compose', ['version', '--short'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
}

let memo: EngineAvailability | undefined;

/**
 * A Docker engine for the live tests: `docker info`, else scripts/start-docker.sh when we
 * are root. Under CI (env CI set) an engine that cannot be had is an error, not a skip.
 */
export function ensureEngine(): EngineAvailability {
  memo ??= probeEngine();
  if (!memo.available && inCi()) {
    throw new Error(`CI is set but no Docker engine is available: ${memo.reason}`);
  }
  if (!memo.available) console.warn(`[live tests skipped] ${memo.reason}`);
  return memo;
}

function probeEngine(): EngineAvailability {
  if (spawnSync('docker', ['--version'], { stdio: 'ignore' }).error) {
    return { available: false, reason: 'the docker client is not installed (apt-get install -y docker.io docker-compose busybox-static)' };
  }
  if (!dockerInfo()) {
    if (process.getuid?.() !== 0) return { available: false, reason: 'no Docker engine answers and we are not root, so it cannot be started' };
    const started = spawnSync(path.join(repo, 'scripts', 'start-docker.sh'), [], { encoding: 'utf8', timeout: 90_000 });
    if (started.status !== 0 || !dockerInfo()) {
      const said = `${started.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
      return { available: false, reason: `scripts/start-docker.sh could not start dockerd: ${said || `exit ${started.status}`}` };
    }
  }
  if (!hasComposeCli()) return { available: false, reason: 'neither `docker compose` nor `docker-compose` is installed' };
  try {
    execFileSync('sh', ['-c', 'command -v busybox || test -x /bin/busybox'], { stdio: 'ignore' });
  } catch {
    return { available: false, reason: 'busybox is not installed (apt-get install -y busybox-static); the fixture images need it' };
  }
  return { available: true };
}

/** Names of all containers (any state) of a compose project. */
export function projectContainerNames(project: string): string[] {
  const out = execFileSync('docker', ['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

/** Names of volumes / networks carrying the project label. */
export function projectResources(kind: 'volume' | 'network', project: string): string[] {
  const out = execFileSync('docker', [kind, 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

/** Last-resort cleanup for a test's projects (the code under test should already have done it). */
export function removeProjects(...projects: string[]): void {
  for (const project of projects) {
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    if (ids.length > 0) spawnSync('docker', ['rm', '-f', '-v', ...ids], { stdio: 'ignore' });
    for (const kind of ['network', 'volume'] as const) {
      const names = projectResources(kind, project);
      if (names.length > 0) spawnSync('docker', [kind, 'rm', ...names], { stdio: 'ignore' });
    }
    // Images compose built for the project: <project>_<service> (v1) or <project>-<service> (v2).
    const images = ['_', '-'].flatMap((sep) =>
      execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${project}${sep}*`], { encoding: 'utf8' }).split('\n').filter(Boolean),
    );
    if (images.length > 0) spawnSync('docker', ['rmi', ...images], { stdio: 'ignore' });
  }
}

/** A port nobody listens on right now (the kernel picks it). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
