import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNameReferences, findReferences, rewriteReferences, roleOf } from '../../../src/compose/references.js';
import { DiskProjectFs } from '../../../src/engine/disk-fs.js';
import { OverlayProjectFs } from '../../../src/engine/overlay-fs.js';
import { tempProject } from '../../helpers/context.js';

function project(files: Record<string, string>): string {
  const root = tempProject();
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), t);
  }
  return root;
}

const COMPOSE = [
  'services:',
  '  api:',
  '    image: x',
  '    env_file: .env',
  '    volumes:',
  '      - ./.env:/app/.env',
  '      - ./.env.example:/app/.env.example',
  '    command: cat .env',
  '  # uses .env too',
  '  b:',
  '    image: y',
  '    env_file:',
  '      - ./.env',
  '      - .env.test',
  '      - path: .env',
  '        required: false',
  '',
].join('\n');

describe('findReferences', () => {
  const root = project({
    'docker-compose.yml': COMPOSE,
    Makefile: 'include .env\nexport\nup:\n\tcp .env.example .env\n\tdocker compose --env-file ./.env up -d\n\tsource .envrc\n',
    'scripts/setup.sh': '#!/bin/sh\n[ -f "$PWD/.env" ] || cp .env.example .env\n. ./.env.local\n',
    '.github/workflows/ci.yml': 'jobs:\n  t:\n    steps:\n      - run: cp .env.example .env\n',
    '.gitlab-ci.yml': 'test:\n  script: [echo ok]\n',
    'README.md': 'Copy `.env.example` to `.env` and edit it.\n',
    'Dockerfile': 'COPY .env /app/.env\n',
    '.gitignore': '.env\nnode_modules\n',
    'sub/docker-compose.yml': 'services:\n  s:\n    image: z\n    env_file: .env\n',
    'node_modules/x/setup.sh': 'cat .env\n',
    '.env': 'SECRET=do-not-print\n',
  });

  it('finds whole path tokens only, with file, line, col and whether it can be rewritten', async () => {
    const refs = await findReferences(new DiskProjectFs(root), '.env');
    const rows = refs.map((r) => `${r.file}:${r.line}:${r.col} ${r.token} ${r.rewritable ? 'rewrite' : 'report'}`);
    expect(rows).toEqual([
      '.github/workflows/ci.yml:4:30 .env rewrite',
      '.gitignore:1:1 .env report',
      'docker-compose.yml:4:15 .env rewrite',
      'docker-compose.yml:6:9 ./.env rewrite',
      'docker-compose.yml:8:18 .env report',
      'docker-compose.yml:9:10 .env report',
      'docker-compose.yml:13:9 ./.env rewrite',
      'docker-compose.yml:15:15 .env rewrite',
      'Dockerfile:1:6 .env report',
      'Makefile:1:9 .env rewrite',
      'Makefile:4:18 .env rewrite',
      'Makefile:5:28 ./.env rewrite',
      'README.md:1:25 .env report',
      'scripts/setup.sh:2:7 $PWD/.env rewrite',
      'scripts/setup.sh:2:39 .env rewrite',
    ]);
    // sub/docker-compose.yml's `.env` is sub/.env, another file; node_modules is not scanned.
    expect(refs.find((r) => r.file.startsWith('sub/') || r.file.startsWith('node_modules'))).toBeUndefined();
    expect(refs.find((r) => r.file === 'README.md')!.reason).toBe('documentation: reported, never rewritten');
    expect(refs.find((r) => r.line === 8 && r.file === 'docker-compose.yml')!.reason).toMatch(/inside the container/);
    expect(JSON.stringify(refs)).not.toContain('do-not-print');
  });

  it('rewrites only the rewritable ones, keeping prefixes', async () => {
    const refs = await findReferences(new DiskProjectFs(root), '.env');
    const compose = rewriteReferences(COMPOSE, refs.filter((r) => r.file === 'docker-compose.yml'), '.env.dev');
    expect(compose).toBe(
      COMPOSE.replace('env_file: .env\n', 'env_file: .env.dev\n')
        .replace('- ./.env:/app/.env', '- ./.env.dev:/app/.env')
        .replace('      - ./.env\n', '      - ./.env.dev\n')
        .replace('- path: .env\n', '- path: .env.dev\n'),
    );
    const sh = rewriteReferences('#!/bin/sh\n[ -f "$PWD/.env" ] || cp .env.example .env\n. ./.env.local\n', refs.filter((r) => r.file === 'scripts/setup.sh'), '.env.dev');
    expect(sh).toBe('#!/bin/sh\n[ -f "$PWD/.env.dev" ] || cp .env.example .env.dev\n. ./.env.local\n');
  });

  it('knows the roles of files', () => {
    expect(roleOf('compose.yaml')).toBe('compose');
    expect(roleOf('docker/docker-compose.prod.yml')).toBe('compose');
    expect(roleOf('build/rules.mk')).toBe('makefile');
    expect(roleOf('.github/workflows/x.yaml')).toBe('ci');
    expect(roleOf('docs/guide.md')).toBe('doc');
    expect(roleOf('src/app.py')).toBeUndefined();
  });

  it('reports references in a file that is not UTF-8, and does not offer to rewrite it', async () => {
    const root = project({});
    writeFileSync(path.join(root, 'Makefile'), Buffer.from('# caf\xe9\nup:\n\tdocker compose --env-file .env up\n', 'latin1'));
    const refs = await findReferences(new DiskProjectFs(root), '.env');
    expect(refs).toMatchObject([{ file: 'Makefile', line: 3, rewritable: false, reason: 'not UTF-8 text: not rewritten, edit it by hand' }]);
  });
});

describe('findNameReferences', () => {
  it('finds whole-token uses of renamed container names, not their container_name lines or longer names', async () => {
    const root = project({
      'docker-compose.yml': 'services:\n  db:\n    image: postgres\n    container_name: shop-db\n  web:\n    image: web\n    environment:\n      DB_HOST: shop-db\n      OTHER: shop-db-replica\n',
      Makefile: 'psql:\n\tdocker exec -it shop-db psql\n',
    });
    const refs = await findNameReferences(new DiskProjectFs(root), ['shop-db']);
    expect(refs.map((r) => `${r.file}:${r.line}:${r.col}`)).toEqual(['docker-compose.yml:8:16', 'Makefile:2:18']);
  });
});

describe('discovery through the overlay', () => {
  it('finds references in files that are planned but not written yet, in folders that do not exist yet', async () => {
    const root = project({ 'Makefile': 'up:\n\tdocker compose --env-file .env up\n' });
    const overlay = new OverlayProjectFs(root);
    await overlay.apply({ kind: 'write', path: 'docker-compose.dev.yml', content: Buffer.from('services:\n  a:\n    image: x\n    env_file: .env\n') });
    await overlay.apply({ kind: 'write', path: 'scripts/ci/run.sh', content: Buffer.from('source .env\n') });
    const found = (await findReferences(overlay, '.env')).map((r) => r.file);
    expect(found).toEqual(['docker-compose.dev.yml', 'Makefile', 'scripts/ci/run.sh']);
    // The disk view does not see them: nothing was written.
    expect((await findReferences(new DiskProjectFs(root), '.env')).map((r) => r.file)).toEqual(['Makefile']);
  });
});
