/**
 * Steps 2–4 of parallel-envs on every real project of ../shared/corpus/compose/ (each copied to a
 * temp dir; the corpus is never touched): derive dev, rename .env, derive .env.test, derive a
 * standalone test file. Then: dev and test pass the static parallel-safety check, every comment
 * of the sources survives, and — where docker-compose is installed — `docker-compose config -q`
 * accepts both. Fragments and invalid files must fail with file:line and write nothing.
 */
import { inCi } from '../helpers/ci.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeDeriveDev } from '../../src/actions/compose-derive-dev.js';
import { composeDeriveTest } from '../../src/actions/compose-derive-test.js';
import { envDerive } from '../../src/actions/env-derive.js';
import { envRename } from '../../src/actions/env-rename.js';
import type { ActionDefinition } from '../../src/actions/types.js';
import { composeBindSourcesExist } from '../../src/checks/compose-bind-sources-exist.js';
import { composeNamesSuffixed } from '../../src/checks/compose-names-suffixed.js';
import { composeParallelSafe } from '../../src/checks/compose-parallel-safe.js';
import { isObj } from '../../src/compose/merge.js';
import { interpolate } from '../../src/compose/interpolate.js';
import { buildComposeModel, loadParsed } from '../../src/compose/model.js';
import { collectComments } from '../../src/compose/source-edit.js';
import { DiskProjectFs } from '../../src/engine/disk-fs.js';
import { UserError } from '../../src/engine/errors.js';
import type { FileOp } from '../../src/engine/project-fs.js';
import { contextFor, tempProject } from '../helpers/context.js';

const CORPUS = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'compose');

interface Row {
  /** Corpus folder. */
  folder: string;
  /** Folder inside it that holds the compose files (the project root the wizard runs in). */
  root?: string;
  base: string;
  /** Existing test file (overlay or standalone); the generated test file replaces it. */
  overlay?: string;
  outcome: 'derived' | 'error';
  /** For errors: the message must match (file:line:col). */
  error?: RegExp;
  /**
   * docker-compose v1 (1.29, Debian's) rejects the ORIGINAL file already, for a reason that is not
   * ours to change; then the derived files must be rejected for no other reason than the original.
   */
  v1RejectsOriginal?: string;
  why: string;
}

/** Which outcome each corpus input gets, and why. */
const TABLE: Row[] = [
  { folder: '13g7895123__promotion_optimize', base: 'docker-compose.yml', overlay: 'docker-compose.test.yml', outcome: 'derived', why: 'main case; the test file is a complete _test copy, so it is the test source (ports ${VAR} without defaults, no final newlines)' },
  { folder: '0xErwin1__FinanceTracker', base: 'docker-compose.yml', overlay: 'docker-compose.test.yml', outcome: 'derived', why: 'main case; $PORT:$PORT, bind-mounted data dirs go to tmpfs in test' },
  { folder: '0x1998s__Rayneo-ai-agent', base: 'docker-compose.yml', overlay: 'docker-compose.test.yml', outcome: 'derived', why: 'main case; CJK comments, GPU deploy block' },
  { folder: '0x5chn0uf__SmartWalletFX', base: 'docker-compose.yml', overlay: 'docker-compose.test.yml', outcome: 'derived', why: 'mixed container_name; complete minimal test stack' },
  { folder: 'chatwoot__chatwoot', base: 'docker-compose.yaml', overlay: 'docker-compose.test.yaml', outcome: 'derived', why: 'anchor on a real service merged with <<; env_file with inline comment' },
  { folder: 'agdsn__pycroft', base: 'docker-compose.base.yml', overlay: 'docker-compose.test.yml', outcome: 'derived', why: 'extends in all forms (cross-file, same-file, legacy string)', v1RejectsOriginal: 'the base file uses volume "home", which only the test file declares' },
  { folder: 'Andrew50__goals', base: 'docker-compose.test.yaml', outcome: 'error', error: /docker-compose\.test\.yaml:12:5: Map keys must be unique/, why: 'duplicate environment: key (and an overlay whose base is missing): strict YAML rejects it' },
  { folder: 'AlexanderJKochnev__wine_project01', base: 'docker-compose.test.yaml', outcome: 'derived', why: 'the only file, and complete: dev and docker-compose.test.yml both derive from it (it is kept); external networks stay shared; test drops the fixed subnets and static IPs dev holds', v1RejectsOriginal: 'healthcheck start_interval is newer than v1' },
  { folder: 'getsentry__self-hosted', base: 'docker-compose.yml', outcome: 'derived', why: '59 services, nested merge keys, external volumes (test gets its own)' },
  { folder: 'supabase__supabase', root: 'docker', base: 'docker-compose.yml', outcome: 'derived', why: 'top-level name: dropped (v1 rejects it), dotted container name', v1RejectsOriginal: 'unquoted true in environment maps (v2 accepts them)' },
  { folder: 'apache__airflow', root: 'docs/apache-airflow/howto/docker-compose', base: 'docker-compose.yaml', outcome: 'derived', why: 'x- anchor on the next line, profiles, $$ block scalar' },
  { folder: 'langfuse__langfuse', base: 'docker-compose.yml', outcome: 'derived', why: '127.0.0.1: bindings, anchors on ordinary keys' },
  { folder: 'Kong__docker-kong', root: 'compose', base: 'docker-compose.yml', outcome: 'derived', why: '${VAR:-0.0.0.0}:8000:8000/tcp host IPs, secrets, external: false network' },
  { folder: 'zabbix__zabbix-docker', base: 'docker-compose_v3_alpine_mysql_latest.yaml', outcome: 'derived', why: 'same-file extends, env_file short form, 1-space indentation' },
  { folder: 'zabbix__zabbix-docker', base: 'compose_zabbix_components.yaml', outcome: 'error', error: /compose_zabbix_components\.yaml:\d+:\d+: service server, .* has neither image: nor build:/, why: 'a fragment: its services have no image, they are meant to be extended' },
  { folder: 'stilliard__docker-pure-ftpd', base: 'docker-compose.yml', outcome: 'derived', why: 'port range 30000-30009 moves as a block' },
  { folder: 'localstack__localstack', base: 'docker-compose.yml', outcome: 'derived', why: 'port range, ${VAR- } dash default' },
  { folder: 'dockersamples__example-voting-app', base: 'docker-compose.yml', outcome: 'derived', why: 'port with no host side stays ephemeral' },
  { folder: 'mastodon__mastodon', base: 'docker-compose.yml', outcome: 'derived', why: '127.0.0.1 bindings, commented-out services' },
  { folder: 'danny-avila__LibreChat', base: 'docker-compose.yml', outcome: 'derived', why: 'the ./.env:/app/.env bind mount follows the rename' },
  { folder: 'fastapi__full-stack-fastapi-template', base: 'docker-compose.yml', outcome: 'derived', why: 'external traefik network, ${VAR?err}', v1RejectsOriginal: 'depends_on restart: true is newer than v1' },
  { folder: 'n8n-io__self-hosted-ai-starter-kit', base: 'docker-compose.yml', outcome: 'derived', why: 'container_name inside x- anchors' },
  { folder: 'frappe__frappe_docker', base: 'compose.yaml', outcome: 'derived', why: 'two << keys in one mapping, ${VAR:?err}, ${VAR:-$$host}' },
  { folder: 'nextcloud__all-in-one', base: 'compose.yaml', outcome: 'derived', why: 'top-level name: with inline comment, named volume with name:' },
  { folder: 'alexnoleaz__docker-compose-samples', root: 'databases/mongodb', base: 'compose.yml', outcome: 'derived', why: '${VAR:-default} in container, volume and network names' },
  { folder: 'open-webui__open-webui', base: 'docker-compose.yaml', outcome: 'derived', why: '${VAR-3000} dash default in a port' },
  { folder: 'algorand__sandbox', base: 'docker-compose.yml', outcome: 'derived', why: 'both sides of the port interpolated' },
  { folder: 'cvat-ai__cvat', base: 'docker-compose.yml', outcome: 'derived', why: 'multi-line plain scalar in labels' },
];

const DEV_FILE = 'docker-compose.dev.yml';
const TEST_FILE = 'docker-compose.test.yml';

const haveV1 = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
if (!haveV1) {
  console.log('corpus: docker-compose not on PATH: the `docker-compose config -q` part is skipped');
}

describe('corpus', () => {
  it('lists every corpus project folder in the table', () => {
    const folders = readdirSync(CORPUS).filter((f) => statSync(path.join(CORPUS, f)).isDirectory());
    expect(new Set(TABLE.map((r) => r.folder))).toEqual(new Set(folders));
  });

  it('has docker-compose under CI', () => {
    if (inCi() && !haveV1) expect.fail('CI is set but docker-compose is not installed: the corpus config -q check cannot run');
  });

  for (const row of TABLE.filter((r) => r.outcome === 'error')) {
    it(`${row.folder}/${row.base}: clear error, nothing written (${row.why})`, async () => {
      const { root } = copy(row);
      const before = snapshot(root);
      const ctx = contextFor(root);
      const tries: [ActionDefinition, Record<string, unknown>][] = [
        [composeDeriveDev, { type: 'compose.derive-dev', from: row.base, to: DEV_FILE }],
        [composeDeriveTest, { type: 'compose.derive-test', from: row.base, to: TEST_FILE }],
      ];
      for (const [action, raw] of tries) {
        const spec = action.schema.parse(raw);
        const err = await action.plan!(spec, ctx).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(UserError);
        expect((err as UserError).message).toMatch(row.error!);
        expect((err as UserError).hint).toBeTruthy();
      }
      expect(snapshot(root)).toEqual(before);
    });
  }

  for (const row of TABLE.filter((r) => r.outcome === 'derived')) {
    it(`${row.folder}: dev and test derived, parallel-safe, comments kept${haveV1 ? ', config -q accepted' : ''} (${row.why})`, async () => {
      const { root } = copy(row);
      const name = row.folder.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 20);
      const sources = [row.base, ...(row.overlay && row.overlay !== row.base ? [row.overlay] : [])];
      const originals = Object.fromEntries(sources.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
      writeFileSync(path.join(root, '.env'), envFor(Object.values(originals)), { mode: 0o600 });
      const envBytes = readFileSync(path.join(root, '.env'));
      const ctx = contextFor(root);

      // Steps 2–4, through the real action types.
      await apply(root, ctx, composeDeriveDev, { type: 'compose.derive-dev', from: row.base, to: DEV_FILE, project: `${name}-dev` });
      await apply(root, ctx, envRename, { type: 'env.rename' });
      await apply(root, ctx, envDerive, { type: 'env.derive' });
      await apply(root, ctx, composeDeriveTest, {
        type: 'compose.derive-test',
        from: row.base,
        to: row.overlay ?? TEST_FILE,
        ...(row.overlay ? { overlay: row.overlay } : {}),
        devFile: DEV_FILE,
        project: `${name}-test`,
      });
      const testFile = row.overlay ?? TEST_FILE;
      // A second run of the same steps plans no change at all.
      for (const [action, raw] of [
        [composeDeriveDev, { type: 'compose.derive-dev', from: row.base, to: DEV_FILE, project: `${name}-dev` }],
        [envRename, { type: 'env.rename' }],
        [envDerive, { type: 'env.derive' }],
        [composeDeriveTest, { type: 'compose.derive-test', from: row.base, to: testFile, ...(row.overlay ? { overlay: row.overlay } : {}), devFile: DEV_FILE, project: `${name}-test` }],
      ] as [ActionDefinition, Record<string, unknown>][]) {
        expect(await action.plan!(action.schema.parse(raw), contextFor(root)), `${action.type} on a second run`).toEqual([]);
      }
      expect(readFileSync(path.join(root, '.env.dev')).equals(envBytes)).toBe(true);
      expect(existsSync(path.join(root, '.env'))).toBe(false);

      // Static parallel-safety, through the check type.
      const safe = await composeParallelSafe.run(
        composeParallelSafe.schema.parse({
          type: 'compose.parallel-safe',
          processEnv: false,
          files: [
            { file: DEV_FILE, project: `${name}-dev`, envFiles: ['.env.dev'] },
            { file: testFile, project: `${name}-test`, envFiles: ['.env.test'] },
          ],
        }),
        ctx,
      );
      expect(safe.message).not.toMatch(/conflict:/);
      expect(safe.status, safe.message).toBe('passed');
      for (const [file, suffix] of [[DEV_FILE, '-dev'], [testFile, '-test']]) {
        const r = await composeNamesSuffixed.run(composeNamesSuffixed.schema.parse({ type: 'compose.names-suffixed', file, suffix }), ctx);
        expect(r.status, r.message).toBe('passed');
      }

      // Every comment of the sources survives.
      const dev = readFileSync(path.join(root, DEV_FILE), 'utf8');
      expect(missingComments(originals[row.base], dev)).toEqual([]);
      const test = readFileSync(path.join(root, testFile), 'utf8');
      const testSource = row.overlay ? originals[row.overlay] : originals[row.base];
      expect(missingComments(testSource, test)).toEqual([]);

      if (row.folder === 'danny-avila__LibreChat') {
        expect(dev).toContain('- ./.env.dev:/app/.env');
        expect(test).toContain('- ./.env.test:/app/.env');
        const bind = await composeBindSourcesExist.run(composeBindSourcesExist.schema.parse({ type: 'compose.bind-sources-exist', file: DEV_FILE }), ctx);
        expect(bind.status, bind.message).toBe('passed');
      }

      if (haveV1) {
        await completeFixture(root, [DEV_FILE, testFile]);
        const runs: [string, string, string][] = [[DEV_FILE, `${name}-dev`, '.env.dev'], [testFile, `${name}-test`, '.env.test']];
        if (row.v1RejectsOriginal) {
          // The original, untouched, in its own copy with the same env and fixture.
          const orig = copy(row).root;
          writeFileSync(path.join(orig, '.env'), envBytes);
          await completeFixture(orig, sources);
          const before = v1Errors(orig, row.base, `${name}-orig`, '.env');
          expect(before.size, `v1 accepts the original ${row.base}; remove v1RejectsOriginal`).toBeGreaterThan(0);
          for (const [file, project, env] of runs) {
            const after = v1Errors(root, file, project, env);
            expect([...after].filter((l) => !before.has(l)), `new v1 errors in ${file}`).toEqual([]);
          }
        } else {
          for (const [file, project, env] of runs) {
            const r = spawnSync('docker-compose', ['-f', file, '-p', project, '--env-file', env, 'config', '-q'], { cwd: root, encoding: 'utf8' });
            expect(r.status, `docker-compose config -q ${file}:\n${r.stdout}${r.stderr}`).toBe(0);
          }
        }
      }
    });
  }
});

/** docker-compose v1's complaints about a file, with file names taken out so two files compare. */
function v1Errors(root: string, file: string, project: string, env: string): Set<string> {
  const r = spawnSync('docker-compose', ['-f', file, '-p', project, '--env-file', env, 'config', '-q'], { cwd: root, encoding: 'utf8' });
  if (r.status === 0) return new Set();
  return new Set(
    `${r.stdout}${r.stderr}`
      .split('\n')
      .map((l) => l.replace(/'\.\/[^']+'/g, 'FILE').trim())
      .filter((l) => l !== '' && !/^WARNING|You might be seeing this error|is invalid because/.test(l)),
  );
}

function copy(row: Row): { root: string } {
  const dir = tempProject(path.join(CORPUS, row.folder));
  execFileSync('chmod', ['-R', 'u+w', dir]);
  return { root: row.root ? path.join(dir, row.root) : dir };
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function apply(root: string, ctx: ReturnType<typeof contextFor>, action: ActionDefinition, raw: Record<string, unknown>): Promise<FileOp[]> {
  const ops = await action.plan!(action.schema.parse(raw), ctx);
  for (const op of ops) {
    if (op.kind === 'write') {
      mkdirSync(path.dirname(path.join(root, op.path)), { recursive: true });
      writeFileSync(path.join(root, op.path), op.content, op.mode !== undefined ? { mode: op.mode } : {});
    } else renameSync(path.join(root, op.from), path.join(root, op.to));
  }
  return ops;
}

function missingComments(source: string, output: string): string[] {
  const have = new Set(collectComments(output).map((c) => c.text.trim()));
  return collectComments(source)
    .map((c) => c.text.trim())
    .filter((c) => !have.has(c));
}

/** A `.env` with a value for every variable the files use: ports are numbers, addresses are addresses. */
function envFor(texts: string[]): string {
  const vars = new Set<string>();
  const paths = new Set<string>();
  for (const t of texts) {
    for (const v of interpolate(t, {}).variables) vars.add(v);
    // `- ${VAR:-.}/dags:/opt/...` or `${TMPDIR:-/tmp/x}:/tmp/x`: the variable is a host path.
    for (const m of t.matchAll(/^\s*-\s*["']?\$\{?(\w+)[^\n]*:\//gm)) paths.add(m[1]);
  }
  let n = 0;
  const lines = [...vars].sort().map((v) => {
    n++;
    if (paths.has(v)) return `${v}=./${v.toLowerCase()}`;
    if (/SUBNET/i.test(v)) return `${v}=172.28.${n}.0/24`;
    if (/GATEWAY/i.test(v)) return `${v}=172.28.${n}.1`;
    if (/(^|_)(IP|ADDRESS|LISTEN)(_|$)/i.test(v) || /IPV4/i.test(v)) return `${v}=127.0.0.1`;
    return `${v}=${21000 + n}`;
  });
  return lines.join('\n') + '\n';
}

/**
 * What docker-compose v1 checks on disk before `config -q` succeeds and the corpus (compose
 * files only) does not ship: build context folders and env_file files. Created empty.
 */
async function completeFixture(root: string, files: string[]): Promise<void> {
  const fs = new DiskProjectFs(root);
  for (const file of files) {
    const model = await buildComposeModel(await loadParsed(fs, file), fs, { env: {} });
    for (const s of model.services) {
      const b = s.raw.build;
      const ctxDir = typeof b === 'string' ? b : isObj(b) && typeof b.context === 'string' ? b.context : undefined;
      if (ctxDir && !/^[a-z]+:\/\//.test(ctxDir) && !ctxDir.includes('$')) mkdirSync(path.join(root, ctxDir), { recursive: true });
      for (const e of s.envFiles) {
        const p = path.join(root, e.path);
        if (!e.path.includes('$') && !existsSync(p)) {
          mkdirSync(path.dirname(p), { recursive: true });
          writeFileSync(p, '');
        }
      }
    }
  }
}
