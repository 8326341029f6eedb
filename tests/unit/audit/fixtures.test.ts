import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../../src/audit/scan.js';
import type { Finding } from '../../../src/audit/findings.js';
import { copyTree, removeTree } from '../../helpers/cli.js';
import { AUDIT_FIXTURES, EXPECTED, score } from '../../helpers/audit-expected.js';

/** Every fixture, audited in a temp copy, against its known answers; precision and recall printed. */
const totals = { tp: 0, fp: 0, fn: 0 };
const dirs: string[] = [];
const results = new Map<string, Finding[]>();

function audit(name: string): Finding[] {
  if (!results.has(name)) {
    const dir = copyTree(path.join(AUDIT_FIXTURES, name));
    dirs.push(dir);
    results.set(name, runAudit(dir).findings);
  }
  return results.get(name)!;
}

afterAll(() => {
  for (const d of dirs) removeTree(d);
  const precision = totals.tp / (totals.tp + totals.fp || 1);
  const recall = totals.tp / (totals.tp + totals.fn || 1);
  console.log(`audit fixtures: ${totals.tp} true positives, ${totals.fp} false positives, ${totals.fn} missed; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
});

describe('audit fixtures with known answers', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: finds exactly the expected findings`, () => {
      const s = score(expected, audit(name));
      totals.tp += s.tp;
      totals.fp += s.fp.length;
      totals.fn += s.fn.length;
      console.log(`${name}: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}`);
      expect({ falsePositives: s.fp, missed: s.fn }).toEqual({ falsePositives: [], missed: [] });
    });
  }
});

const find = (name: string, id: string) => audit(name).find((f) => f.id === id)!;

describe('each finding kind, with its file, lines, priority and area', () => {
  it('compose kinds', () => {
    const pc = find('compose-kinds', 'compose.port-conflict@docker-compose.test.yml:5');
    expect(pc.title).toContain('Host port 8000');
    expect(pc.related).toEqual([{ file: 'docker-compose.yml', line: 5 }]);
    expect(pc.evidence).toBe('- "${API_PORT}:8000"');
    expect(find('compose-kinds', 'compose.port-conflict@docker-compose.test.yml:9').related).toEqual([{ file: 'docker-compose.yml', line: 17 }]);
    const cn = find('compose-kinds', 'compose.container-name@docker-compose.yml:15');
    expect([cn.endLine, cn.priority, cn.evidence]).toEqual([32, 'high', 'container_name: app-db']);
    expect(find('compose-kinds', 'compose.depends-without-healthcheck@docker-compose.yml:30').priority).toBe('high');
    expect(find('compose-kinds', 'compose.depends-without-healthcheck@docker-compose.yml:13').priority).toBe('medium');
    expect(find('compose-kinds', 'compose.bind-source-missing@docker-compose.yml:10').priority).toBe('high');
    expect(find('compose-kinds', 'compose.sleep-infinity@docker-compose.yml:26').evidence).toBe('command: ["sleep", "infinity"]');
  });

  it('Dockerfile kinds', () => {
    const n = 'dockerfile-kinds';
    expect(find(n, 'dockerfile.root-user@legacy/Dockerfile:1').endLine).toBe(11);
    expect(find(n, 'dockerfile.base-unpinned@legacy/Dockerfile:1').evidence).toBe('FROM python');
    expect(find(n, 'dockerfile.copy-before-install@legacy/Dockerfile:8').endLine).toBe(9);
    expect(find(n, 'dockerfile.single-stage-build-tools@legacy/Dockerfile:4').endLine).toBe(6);
    expect(find(n, 'dockerfile.duplicate-requirements@api/Dockerfile:9').related).toEqual([{ file: 'worker/Dockerfile', line: 4 }]);
    const ni = find(n, 'dockerfile.no-dockerignore@legacy/Dockerfile:8');
    expect(ni.priority).toBe('critical'); // legacy/.env would be baked into the image
    expect(find(n, 'dockerfile.dockerignore-missing-env@frontend/.dockerignore:1').priority).toBe('high');
    const env = find(n, 'secret.dockerfile-env@legacy/Dockerfile:2');
    expect([env.endLine, env.evidence, env.priority]).toEqual([3, 'ENV SECRET_KEY=****', 'critical']);
    const ef = find(n, 'secret.env-file@legacy/.env:2');
    expect([ef.endLine, ef.evidence]).toEqual([3, 'DB_PASSWORD=****']);
    expect(ef.title).toContain('DB_PASSWORD, STRIPE_API_KEY');
    expect(find(n, 'dockerfile.base-no-digest@worker/Dockerfile:1').priority).toBe('low');
  });

  it('virtualenv kinds, by area', () => {
    const n = 'venv-kinds';
    const area = (id: string) => [find(n, id).area, find(n, id).priority, find(n, id).endLine];
    expect(area('venv.create@scripts/setup_env.sh:3')).toEqual(['setup scripts', 'high', 5]);
    expect(area('venv.create@scripts/setup.ps1:3')).toEqual(['setup scripts', 'high', 4]);
    expect(area('venv.create@scripts/setup.bat:3')).toEqual(['setup scripts', 'high', 4]);
    expect(area('venv.create@scripts/bootstrap.py:7')).toEqual(['setup scripts', 'high', 7]);
    expect(area('venv.activate@scripts/run_tests.sh:2')).toEqual(['test scripts', 'high', 2]);
    expect(area('venv.create@Makefile:6')).toEqual(['Makefile', 'high', 6]);
    expect(area('venv.pip-install@.github/workflows/ci.yml:8')).toEqual(['CI workflows', 'high', 11]);
    expect(area('venv.create@README.md:6')).toEqual(['root docs', 'medium', 7]);
    expect(area('venv.activate@CONTRIBUTING.md:3')).toEqual(['root docs', 'medium', 3]);
    expect(area('venv.pip-install@docs/dev.md:6')).toEqual(['docs', 'low', 6]);
    expect(area('venv.activate@docs/windows.rst:8')).toEqual(['docs', 'low', 8]);
    expect(area('venv.tool-env@pyproject.toml:5')).toEqual(['build config', 'medium', 11]);
    expect(find(n, 'venv.tool-env@pyproject.toml:5').title).toContain('hatch:default, hatch:docs'); // not the container env
    expect(area('venv.tool-env@tox.ini:1')).toEqual(['test scripts', 'medium', 4]);
    expect(find(n, 'venv.requirements-local@requirements-dev.txt:1').title).toContain('scripts/setup_env.sh:5');
  });

  it('the realistic project lists every file that must change, and nothing else', () => {
    const files = new Set(audit('realistic-python').map((f) => f.file));
    expect([...files].sort()).toEqual(
      [
        '.github/workflows/test.yml',
        'Dockerfile',
        'Makefile',
        'README.md',
        'docker-compose.test.yml',
        'docker-compose.yml',
        'docker/worker/Dockerfile',
        'docs/development.md',
        'requirements-dev.txt',
        'scripts/run_tests.sh',
        'scripts/setup_dev.ps1',
        'scripts/setup_dev.sh',
        'tox.ini',
      ].sort(),
    );
    // Not listed: docs/deployment.md (container prose), the entrypoint and wait-for-db scripts,
    // the Docker CI workflow, requirements.txt (the images install it), .env.example.
  });
});
