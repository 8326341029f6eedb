import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachLine, readText, streamHasAny } from '../../../src/audit/read.js';
import { walkRepo } from '../../../src/audit/walk.js';
import { removeTree, tempDir } from '../../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTree));

function project(files: Record<string, string | Buffer>): string {
  const dir = tempDir('mw-walk-');
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

describe('walkRepo', () => {
  it('honours root and nested .gitignore (negation, anchoring, folders) and skips vendored folders', () => {
    const dir = project({
      '.gitignore': '*.log\n!keep.log\n/build/\nsecret.txt\n',
      'a.log': '',
      'keep.log': '',
      'build/x.sh': '',
      'src/build/y.sh': '',
      'src/.gitignore': 'generated/\n',
      'src/generated/z.py': '',
      'src/secret.txt': '',
      'src/ok.py': '',
      'node_modules/p/setup.sh': '',
      'vendor/lib.sh': '',
      '.git/config': '',
      '.venv/pyvenv.cfg': '',
      'myenv/pyvenv.cfg': '',
      'myenv/bin/activate': '',
    });
    const envs: string[] = [];
    const files = walkRepo(dir, { onVirtualenvDir: (d) => envs.push(d) }).map((e) => e.rel).sort();
    expect(files).toEqual(['.gitignore', 'keep.log', 'src/.gitignore', 'src/build/y.sh', 'src/ok.py']);
    expect(envs.sort()).toEqual(['.venv', 'myenv']);
  });

  it('an ignored virtualenv is not reported', () => {
    const dir = project({ '.gitignore': '.venv/\n', '.venv/pyvenv.cfg': '' });
    const envs: string[] = [];
    walkRepo(dir, { onVirtualenvDir: (d) => envs.push(d) });
    expect(envs).toEqual([]);
  });
});

describe('classify', () => {
  it('knows Dockerfiles by name, and files about them are not Dockerfiles', async () => {
    const { classify } = await import('../../../src/audit/classify.js');
    const kinds = ['Dockerfile', 'Dockerfile.dev', 'api.dockerfile', 'Containerfile', 'dockerfile.test.ts', 'Dockerfile.md', 'Dockerfile.dockerignore', 'docker-compose.test.yml', 'compose.yaml', '.github/workflows/ci.yml', 'src/app/models.py', 'scripts/seed.py', 'logo.png'].map((f) => `${f}=${classify(f)}`);
    expect(kinds).toEqual([
      'Dockerfile=dockerfile',
      'Dockerfile.dev=dockerfile',
      'api.dockerfile=dockerfile',
      'Containerfile=dockerfile',
      'dockerfile.test.ts=skip',
      'Dockerfile.md=doc',
      'Dockerfile.dockerignore=dockerignore',
      'docker-compose.test.yml=compose',
      'compose.yaml=compose',
      '.github/workflows/ci.yml=ci',
      'src/app/models.py=skip',
      'scripts/seed.py=python',
      'logo.png=skip',
    ]);
  });
});

describe('streamed reads', () => {
  it('drops binaries after the first chunk', () => {
    const dir = project({ 'b.sh': Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(' python -m venv .venv')]) });
    expect(streamHasAny(path.join(dir, 'b.sh'), [Buffer.from('venv')])).toBe(false);
    expect(readText(path.join(dir, 'b.sh'))).toBeNull();
  });

  it('finds a match past the first 64 KiB and across a chunk boundary, with the right line number', () => {
    // 65,525 bytes before the line, so "-m venv" spans bytes 65,532-65,538: cut by the 64 KiB chunk edge.
    const filler = ('x'.repeat(99) + '\n').repeat(655) + 'y'.repeat(24) + '\n';
    const text = filler + 'python -m venv .venv\n' + 'é\n'.repeat(40_000) + 'last';
    const dir = project({ 'big.sh': text });
    const abs = path.join(dir, 'big.sh');
    expect(streamHasAny(abs, [Buffer.from('-m venv')])).toBe(true);
    expect(streamHasAny(abs, [Buffer.from('not there')])).toBe(false);
    const lines: [number, string][] = [];
    forEachLine(abs, (l, n) => {
      if (/venv|last/.test(l)) lines.push([n, l]);
    });
    expect(lines).toEqual([
      [657, 'python -m venv .venv'],
      [40_658, 'last'],
    ]);
  });
});
