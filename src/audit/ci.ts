/**
 * CI workflow files that build or run containers, with what they do and where.
 */
export type CiUse = 'build' | 'run' | 'compose' | 'push' | 'job container' | 'service containers';

export interface CiContainerUse {
  uses: CiUse[];
  lines: number[];
}

const PATTERNS: { use: CiUse; re: RegExp }[] = [
  { use: 'build', re: /\b(?:docker|podman)\s+(?:buildx\s+)?build\b|uses:\s*docker\/build-push-action|uses:\s*docker\/setup-buildx-action|\bbuildah\s+bud\b|\bkaniko\b/ },
  { use: 'compose', re: /\bdocker[\s-]compose\b|\bpodman-compose\b/ },
  { use: 'run', re: /\b(?:docker|podman)\s+(?:container\s+)?(?:run|exec)\b|uses:\s*["']?docker:\/\// },
  { use: 'push', re: /\b(?:docker|podman)\s+push\b|uses:\s*docker\/login-action/ },
  { use: 'job container', re: /^\s+container:\s*\S|^\s+container:\s*$|^image:\s*\S|^\s{2}image:\s*\S/ },
  { use: 'service containers', re: /^\s+services:\s*$/ },
];

export function ciContainerUse(text: string): CiContainerUse | null {
  const uses = new Set<CiUse>();
  const lines: number[] = [];
  const all = text.split(/\r?\n/);
  for (let i = 0; i < all.length; i++) {
    const l = all[i]!;
    if (l.trimStart().startsWith('#')) continue;
    for (const p of PATTERNS) {
      if (p.re.test(l)) {
        uses.add(p.use);
        if (!lines.includes(i + 1)) lines.push(i + 1);
      }
    }
  }
  return uses.size ? { uses: [...uses], lines } : null;
}
