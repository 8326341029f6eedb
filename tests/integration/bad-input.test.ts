import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, removeTree, runCli, snapshot, tempDir, type CliResult } from '../helpers/cli.js';

/**
 * Bad input must give a clear message naming the file (and line), the documented exit code,
 * no stack trace, and no change to any file.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTree));

function project(files: Record<string, string | Buffer> = {}): string {
  const dir = tempDir('mw-bad-');
  dirs.push(dir);
  const all = { '.env': 'API_KEY=canary-bad-input-0001\n', 'Makefile': 'all:\n\t@echo ok\n', ...files };
  for (const [name, content] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function playbook(phaseYaml: string | Buffer, meta?: string): string {
  const dir = tempDir('mw-pb-');
  dirs.push(dir);
  writeFileSync(path.join(dir, '1-phase.yaml'), phaseYaml);
  if (meta) writeFileSync(path.join(dir, 'playbook.yaml'), meta);
  return dir;
}

const step = (actions: string, extra = '') => `id: p1
title: Phase
steps:
  - id: s1
    title: Step
    risk: low
    priority: high
    why: Because.
${extra}    actions:
${actions}
`;

function expectClean(r: CliResult, code: number, message: RegExp): void {
  const all = r.stdout + r.stderr;
  expect(r.code, all).toBe(code);
  expect(all).toMatch(message);
  expect(all, 'no stack trace').not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(all).not.toMatch(/internal error/);
  expect(all, 'secrets stay out of messages').not.toContain('canary-bad-input-0001');
}

/** Run, and assert nothing in the project changed (the state folder included). */
function runUnchanged(dir: string, args: string[], env?: Record<string, string>, exclude: string[] = []): CliResult {
  const before = snapshot(dir, exclude);
  const r = runCli(['--cwd', dir, ...args], { env });
  expect(snapshot(dir, exclude), 'no file changed').toEqual(before);
  return r;
}

const cases: { name: string; code: number; message: RegExp; setup: () => { dir: string; args: string[]; env?: Record<string, string> } }[] = [
  {
    name: 'malformed YAML: bad indentation',
    code: 64,
    message: /1-phase\.yaml:\d+:\d+: .*/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook('id: p1\ntitle: T\nsteps:\n  - id: s1\n   title: x\n')] }),
  },
  {
    name: 'malformed YAML: tab indentation',
    code: 64,
    message: /1-phase\.yaml:\d+:\d+: .*[Tt]ab/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook('id: p1\ntitle: T\nsteps:\n\t- id: s1\n')] }),
  },
  {
    name: 'malformed YAML: duplicate key',
    code: 64,
    message: /1-phase\.yaml:2:1: .*[Mm]ap keys must be unique/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook('id: p1\nid: p2\ntitle: T\nsteps: []\n')] }),
  },
  {
    name: 'unknown action type lists the allowed ones',
    code: 64,
    message: /1-phase\.yaml:10:\d+: unknown action type "file\.explode"; allowed types: .*file\.write.*file\.rename/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook(step('      - { type: file.explode, path: x }'))] }),
  },
  {
    name: 'missing required field',
    code: 64,
    message: /1-phase\.yaml:10:\d+: missing required field "content"/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: x }'))] }),
  },
  {
    name: 'unknown key in a step lists the allowed keys',
    code: 64,
    message: /1-phase\.yaml:\d+:\d+: unknown key "risks"; allowed: id, title, risk, priority, why/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: x, content: y }', '    risks: low\n'))] }),
  },
  {
    name: 'invalid risk value lists the allowed values',
    code: 64,
    message: /1-phase\.yaml:6:11: risk: must be one of low, medium, high, critical/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: x, content: y }').replace('risk: low', 'risk: extreme'))] }),
  },
  {
    name: 'unknown variable',
    code: 64,
    message: /1-phase\.yaml:10:\d+: unknown variable \{\{nope\}\}; known: /,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: x, content: "{{nope}}" }'))] }),
  },
  {
    name: 'declared variable with no value, no terminal: names --set',
    code: 64,
    message: /needs \{\{port\}\}.*\n.*--set port=/,
    setup: () => ({
      dir: project(),
      args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: x, content: "{{port}}" }'), 'title: T\nvars:\n  port: { description: The port }\n')],
    }),
  },
  {
    name: 'path escaping the project with ../',
    code: 64,
    message: /"\.\.\/outside\.txt" escapes the project folder/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: ../outside.txt, content: y }'))] }),
  },
  {
    name: 'absolute path',
    code: 64,
    message: /"\/etc\/hosts" is absolute/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: /etc/hosts, content: y }'))] }),
  },
  {
    name: 'symlink pointing outside the project',
    code: 64,
    message: /"link\/file\.txt" goes through a symlink that points outside the project/,
    setup: () => {
      const dir = project();
      const outside = tempDir('mw-outside-');
      dirs.push(outside);
      symlinkSync(outside, path.join(dir, 'link'));
      return { dir, args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: link/file.txt, content: y }'))] };
    },
  },
  {
    name: 'read-only target file',
    code: 64,
    message: /locked\.conf is read-only; migrate-wizard will not change it/,
    setup: () => {
      const dir = project({ 'locked.conf': 'keep me\n' });
      chmodSync(path.join(dir, 'locked.conf'), 0o444);
      return { dir, args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: locked.conf, content: y }'))] };
    },
  },
  {
    name: 'missing source file',
    code: 64,
    message: /nothere\.txt/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook(step('      - { type: file.copy, from: nothere.txt, to: copy.txt }'))] }),
  },
  {
    name: 'a later step fails preflight: the earlier steps are not applied either',
    code: 64,
    message: /cannot rename, the file does not exist|does not exist/,
    setup: () => ({
      dir: project(),
      args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: a.txt, content: y }\n      - { type: file.rename, from: ghost.txt, to: b.txt }'))],
    }),
  },
  {
    name: 'non-UTF-8 playbook file',
    code: 64,
    message: /1-phase\.yaml:2:1: the file is not UTF-8 text/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', playbook(Buffer.concat([Buffer.from('id: p1\ntitle: '), Buffer.from([0xe9, 0xff]), Buffer.from('\nsteps: []\n')]))] }),
  },
  {
    name: 'non-UTF-8 target file',
    code: 64,
    message: /latin1\.txt.* not UTF-8/,
    setup: () => ({
      dir: project({ 'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) }),
      args: ['--yes', '--playbook', playbook(step('      - { type: file.append-lines, path: latin1.txt, lines: [x] }'))],
    }),
  },
  {
    name: 'corrupt state file is kept and explained',
    code: 64,
    message: /state\.json:1:\d+: the saved state is not valid JSON.*left exactly as it is[\s\S]*mv /,
    setup: () => {
      const dir = project({ '.migrate-wizard/state.json': '{"version": 1, "steps": {oops}}' });
      return { dir, args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: a.txt, content: y }'))] };
    },
  },
  {
    name: 'half-written state file is kept and explained',
    code: 64,
    message: /state\.json:\d+:\d+: the saved state is not valid JSON/,
    setup: () => {
      const dir = project({ '.migrate-wizard/state.json': '{"version": 1, "playbook": "x", "vars": {' });
      return { dir, args: ['status'] };
    },
  },
  {
    name: 'damaged journal (a broken line in the middle)',
    code: 64,
    message: /journal\.ndjson:2: the journal is damaged/,
    setup: () => {
      const dir = project({ '.migrate-wizard/journal.ndjson': '{"seq":1,"at":"x","kind":"run-begin","runId":"r","playbook":"p","command":"run","vars":{}}\n{"seq":2,"at\n{"seq":3}\n' });
      return { dir, args: ['--yes', '--playbook', playbook(step('      - { type: file.write, path: a.txt, content: y }'))] };
    },
  },
  {
    name: 'unknown command',
    code: 64,
    message: /unknown command "frobnicate"; commands: run, plan/,
    setup: () => ({ dir: project(), args: ['frobnicate'] }),
  },
  {
    name: 'unknown flag',
    code: 64,
    message: /--colour|Unknown option/i,
    setup: () => ({ dir: project(), args: ['--colour'] }),
  },
  {
    name: '--cwd that does not exist',
    code: 64,
    message: /no such folder/,
    setup: () => ({ dir: project(), args: ['--cwd', '/nonexistent/mw-project'] }),
  },
  {
    name: '--set without a value',
    code: 64,
    message: /--set port: expected KEY=VALUE/,
    setup: () => ({ dir: project(), args: ['--set', 'port'] }),
  },
  {
    name: 'playbook not found',
    code: 64,
    message: /playbook "no-such-playbook" not found/,
    setup: () => ({ dir: project(), args: ['--yes', '--playbook', 'no-such-playbook'] }),
  },
  {
    name: '--from an unknown step lists the steps',
    code: 64,
    message: /--from nope: no such step; steps are: s1/,
    setup: () => ({ dir: project(), args: ['--yes', '--from', 'nope', '--playbook', playbook(step('      - { type: file.write, path: a.txt, content: y }'))] }),
  },
  {
    name: 'a question with no terminal and no --yes names the flag',
    code: 64,
    message: /asks before applying each step: an answer is needed, but there is no terminal[\s\S]*--yes/,
    setup: () => ({ dir: project(), args: ['--playbook', playbook(step('      - { type: file.write, path: a.txt, content: y }'))] }),
  },
];

describe('bad input', () => {
  it.each(cases)('$name', ({ setup, code, message }) => {
    const { dir, args, env } = setup();
    const r = runUnchanged(dir, args, env);
    expectClean(r, code, message);
  });

  it(`covers at least 20 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it('a second concurrent run is refused with the holder’s details (exit 3), changing nothing', async () => {
    const dir = project();
    const pb = playbook(step('      - { type: run, argv: [node, -e, "setTimeout(() => {}, 4000)"] }'));
    const first = spawn(process.execPath, [CLI, '--cwd', dir, '--yes', '--playbook', pb], { env: { ...process.env, CI: '1' }, stdio: 'ignore' });
    try {
      // Wait until the first run holds the lock.
      const lock = path.join(dir, '.migrate-wizard/lock');
      for (let i = 0; i < 100 && !require('node:fs').existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
      // The first run is working in .migrate-wizard/; the project's own files must not change.
      const r = runUnchanged(dir, ['--yes', '--playbook', pb], undefined, ['.migrate-wizard']);
      expectClean(r, 3, new RegExp(`another migrate-wizard run holds the lock \\(pid ${first.pid} on .+, running \`run\` since .+\\)[\\s\\S]*migrate-wizard unlock`));
    } finally {
      first.kill('SIGKILL');
      await new Promise((r) => first.on('close', r));
    }
  });

  it('a stale lock (dead process, this host) is taken over with a line saying so', () => {
    const dir = project();
    const pb = playbook(step('      - { type: file.write, path: a.txt, content: y }'));
    mkdirSync(path.join(dir, '.migrate-wizard'), { recursive: true });
    writeFileSync(path.join(dir, '.migrate-wizard/lock'), JSON.stringify({ pid: 999999, host: require('node:os').hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'run' }));
    const r = runCli(['--cwd', dir, '--yes', '--playbook', pb]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/took over a stale lock left by pid 999999/);
  });

  it('unlock removes a lock held elsewhere', () => {
    const dir = project();
    mkdirSync(path.join(dir, '.migrate-wizard'), { recursive: true });
    writeFileSync(path.join(dir, '.migrate-wizard/lock'), JSON.stringify({ pid: 1, host: 'other-host', startedAt: 'then', command: 'run' }));
    const pb = playbook(step('      - { type: file.write, path: a.txt, content: y }'));
    expectClean(runUnchanged(dir, ['--yes', '--playbook', pb]), 3, /pid 1 on other-host/);
    const r = runCli(['unlock', '--cwd', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Removed the lock held by pid 1 on other-host/);
    expect(runCli(['--cwd', dir, '--yes', '--playbook', pb]).code).toBe(0);
  });

  it('CRLF and BOM files are edited in their own style, not rejected', () => {
    const dir = project({ 'crlf.txt': 'a\r\nb\r\n', 'bom.txt': '\uFEFFfirst\n' });
    const pb = playbook(step('      - { type: file.append-lines, path: crlf.txt, lines: [c] }\n      - { type: file.append-lines, path: bom.txt, lines: [second] }').replace(/\n/g, '\r\n'));
    const r = runCli(['--cwd', dir, '--yes', '--playbook', pb]);
    expect(r.code, r.stderr).toBe(0);
    expect(require('node:fs').readFileSync(path.join(dir, 'crlf.txt'), 'utf8')).toBe('a\r\nb\r\nc\r\n');
    expect(require('node:fs').readFileSync(path.join(dir, 'bom.txt'), 'utf8')).toBe('\uFEFFfirst\nsecond\n');
  });
});
