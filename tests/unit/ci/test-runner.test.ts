import { describe, expect, it } from 'vitest';
import { composeInvocation, findTestRunner, recipeOf } from '../../../src/ci/test-runner.js';
import { netChanges, procedureCommands } from '../../../src/ci/rollback-procedure.js';

const services = [
  { name: 'db', build: false, ports: true },
  { name: 'web', build: true, ports: true },
  { name: 'worker', build: true, ports: false },
];

describe('where the tests run, read from the project test command', () => {
  it('a Makefile target that execs into a service: that service, the command after it, Make escapes undone', () => {
    const makefile = 'COMPOSE ?= docker-compose\nSVC = web\n\ntest-unit:\n\t@$(COMPOSE) exec -T $(SVC) sh -c \'echo "in $$APP_ENV" && \\\n\t  wget -q -O - http://127.0.0.1:8000/health\'\n';
    const r = findTestRunner({ testCommand: 'make test-unit', makefile, services });
    expect(r).toEqual({ mode: 'exec', service: 'web', argv: ['sh', '-c', 'echo "in $APP_ENV" &&   wget -q -O - http://127.0.0.1:8000/health'], from: 'Makefile target test-unit' });
  });

  it('`run --rm svc cmd` and a direct compose command', () => {
    expect(composeInvocation(['docker', 'compose', '-f', 'x.yml', '-p', 'p', 'run', '--rm', '-e', 'A=1', 'worker', 'pytest', '-q'])).toEqual({ mode: 'run', service: 'worker', argv: ['pytest', '-q'] });
    expect(findTestRunner({ testCommand: 'docker-compose exec web npm test', services })).toMatchObject({ mode: 'exec', service: 'web', argv: ['npm', 'test'] });
  });

  it('a host command runs as the app service\'s command (first built service with ports)', () => {
    expect(findTestRunner({ testCommand: 'make test', makefile: 'test:\n\tpytest -q\n\tflake8\n', services })).toMatchObject({ mode: 'run', service: 'web', argv: ['sh', '-c', 'pytest -q && flake8'] });
    expect(findTestRunner({ testCommand: 'npm test', services })).toMatchObject({ mode: 'run', service: 'web', argv: ['npm', 'test'] });
  });

  it('an explicit ciTestCommand and service win; unknown services and Make functions are errors naming the flag', () => {
    expect(findTestRunner({ testCommand: 'make test', ciTestCommand: "sh -c 'exit 3'", service: 'worker', services })).toMatchObject({ mode: 'run', service: 'worker', argv: ['sh', '-c', 'exit 3'] });
    expect(() => findTestRunner({ testCommand: 'docker compose exec api pytest', services })).toThrow(/service "api" is not in the test compose file/);
    let err: unknown;
    try {
      findTestRunner({ testCommand: 'make t', makefile: 't:\n\tdocker compose exec $(shell pick) pytest\n', services });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toMatch(/Makefile: target t: .*Make function/);
    expect((err as { hint?: string }).hint).toMatch(/--set ciTestCommand=/);
    expect(recipeOf('a: b\n\techo a\nb:\n\techo b\n', 'b')).toEqual(['echo b']);
  });
});

describe('rollback procedure: net effect of the journal per file', () => {
  const sha = (c: string) => c.repeat(64);
  const changes = [
    { stepId: 's1', kind: 'create' as const, path: 'backups/b/.env', afterSha256: sha('a') },
    { stepId: 's1', kind: 'rename' as const, path: '.env.dev', from: '.env', afterSha256: sha('a') },
    { stepId: 's2', kind: 'modify' as const, path: 'compose.yml', beforeSha256: sha('b'), afterSha256: sha('c') },
    { stepId: 's3', kind: 'modify' as const, path: 'compose.yml', beforeSha256: sha('c'), afterSha256: sha('d') },
    { stepId: 's3', kind: 'create' as const, path: '.github/workflows/ci.yml', afterSha256: sha('e') },
    { stepId: 's4', kind: 'rename' as const, path: 'old.yml.old', from: 'old.yml', afterSha256: sha('f') },
    { stepId: 's4', kind: 'modify' as const, path: 'old.yml.old', beforeSha256: sha('f'), afterSha256: sha('9') },
  ];
  it('first state wins; renames carry it; later edits of a renamed file force a byte copy', () => {
    const net = netChanges(changes);
    expect(net.get('compose.yml')).toEqual({ orig: 'compose.yml', sha: sha('b'), now: sha('d') });
    expect(net.get('.env.dev')).toEqual({ orig: '.env', sha: sha('a'), now: sha('a') });
    expect(net.get('old.yml.old')).toEqual({ orig: 'old.yml', sha: sha('f'), now: sha('9') });
    const cmds = procedureCommands({
      changes,
      self: 'ROLLBACK.md',
      selfExisted: false,
      backups: new Map([['.env', { copy: 'backups/b/.env', sha256: sha('a') }], ['compose.yml', { copy: 'backups/b/compose.yml', sha256: sha('0') }]]),
      backupDir: 'backups/b',
      modeOf: () => 0o644,
      storeDir: '.migrate-wizard/store',
      tool: 'mw',
    });
    expect(cmds).toContain('rm -f -- .github/workflows/ci.yml');
    expect(cmds).toContain('mv -- .env.dev .env');
    // The backup's compose.yml has other bytes than the original: the store copy is used.
    expect(cmds).toContain(`cp -- .migrate-wizard/store/bb/${sha('b')} compose.yml && chmod 644 compose.yml`);
    expect(cmds).toContain(`cp -- .migrate-wizard/store/ff/${sha('f')} old.yml && chmod 644 old.yml`);
    expect(cmds).toContain('rm -f -- old.yml.old');
    expect(cmds).toContain('rmdir -- .github/workflows .github 2>/dev/null || true');
    expect(cmds.indexOf('rm -rf -- backups/b')).toBeGreaterThan(cmds.indexOf('mv -- .env.dev .env'));
    expect(cmds.some((c) => c.includes('backups/b/.env') && c.startsWith('rm -f'))).toBe(false);
  });
});
