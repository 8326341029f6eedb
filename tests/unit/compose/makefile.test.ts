import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTargets, mergeMakefile, OUR_TARGETS, type MakefileSpec } from '../../../src/compose/makefile.js';
import { tempProject } from '../../helpers/context.js';

const SPEC: MakefileSpec = {
  composeCli: 'docker-compose',
  devFile: 'docker-compose.dev.yml',
  testFile: 'docker-compose.test.yml',
  devProject: 'shop-dev',
  testProject: 'shop-test',
  devEnv: '.env.dev',
  testEnv: '.env.test',
  testCommand: 'make test-unit',
};

const haveMake = spawnSync('make', ['--version'], { stdio: 'ignore' }).status === 0;

function makeN(text: string, target: string): { status: number | null; out: string } {
  const dir = tempProject();
  writeFileSync(path.join(dir, 'Makefile'), text);
  const r = spawnSync('make', ['-n', target], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('mergeMakefile', () => {
  it('creates a Makefile with tab recipes that make -n accepts', () => {
    const r = mergeMakefile(null, SPEC);
    expect(r.added).toEqual([...OUR_TARGETS]);
    expect(r.aliases).toEqual(['up', 'down', 'logs', 'shell', 'restart']);
    expect(r.notes).toContain('no Makefile: created one');
    expect(r.text).toContain('\n\t$(COMPOSE) -f docker-compose.test.yml -p shop-test --env-file .env.test down -v --remove-orphans\n');
    for (const line of r.text.split('\n')) expect(line).not.toMatch(/^ +\$\(/);
    if (!haveMake) return console.log('make not installed: make -n part skipped');
    for (const t of [...OUR_TARGETS, 'up']) {
      const out = makeN(r.text, t);
      expect(out.status, out.out).toBe(0);
    }
    expect(makeN(r.text, 'dev-up').out).toBe('docker-compose -f docker-compose.dev.yml -p shop-dev --env-file .env.dev up -d\n');
    expect(makeN(r.text, 'test-run').out).toBe(
      'docker-compose -f docker-compose.test.yml -p shop-test --env-file .env.test up -d\nCOMPOSE_FILE=docker-compose.test.yml COMPOSE_PROJECT_NAME=shop-test make test-unit\n',
    );
  });

  it('keeps the user\'s targets, adds aliases only where free, and is idempotent', () => {
    const user = '# my makefile\nCOMPOSE = docker compose\n\nup:\n\tdocker compose up -d\n\ntest:\n\tpytest\nlogs: ; echo hi\n';
    const r = mergeMakefile(user, SPEC);
    expect(r.text.startsWith(user + '\n')).toBe(true);
    expect(r.aliases).toEqual(['down', 'shell', 'restart']);
    expect(r.notes).toContain('target up already exists: kept (it may still use the base compose file); dev-up is the dev one');
    expect(mergeMakefile(r.text, SPEC).text).toBe(r.text);
    if (haveMake) {
      expect(makeN(r.text, 'up').out).toBe('docker compose up -d\n');
      expect(makeN(r.text, 'down').out).toContain('-p shop-dev --env-file .env.dev down');
    }
  });

  it('keeps an existing target of the same name and says so', () => {
    const r = mergeMakefile('test-up:\n\t./my-own.sh\n', SPEC);
    expect(r.added).not.toContain('test-up');
    expect(r.notes).toContain('target test-up already exists in the Makefile: kept as it is, not replaced');
    expect(r.text.match(/^test-up:/gm)).toHaveLength(1);
  });

  it('keeps CRLF style and a missing final newline gets one before the block', () => {
    const r = mergeMakefile('all:\r\n\techo hi', SPEC);
    expect(r.text.startsWith('all:\r\n\techo hi\r\n\r\n# >>>')).toBe(true);
    expect(r.text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('regenerates its block in place when the settings change', () => {
    const first = mergeMakefile('a:\n\ttrue\n', SPEC).text + 'b:\n\ttrue\n';
    const second = mergeMakefile(first, { ...SPEC, devProject: 'other-dev' }).text;
    expect(second).toContain('-p other-dev');
    expect(second).not.toContain('-p shop-dev');
    expect(second.endsWith('b:\n\ttrue\n')).toBe(true);
  });

  it('reads target names, not variable assignments', () => {
    expect([...makeTargets('A := 1\nB ::= 2\nC = x:y\nall build: dep\n.PHONY: all\n%.o: %.c\n\techo x:y\nrun:: \n')]).toEqual(['all', 'build', 'run']);
  });
});
