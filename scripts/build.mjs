// Bundles src/cli.ts into dist/ with code splitting, so `--version` and `status`
// load only small chunks and Ink is loaded only on the interactive path. Then writes
// dist/builtin-playbooks.json, the built-in playbooks precompiled (parsed and validated).
// Outputs are written atomically and stale chunks removed afterwards, so a test
// running the CLI while another process rebuilds never sees a missing file.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  write: false,
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  jsx: 'automatic',
  external: ['react-devtools-core'],
  banner: {
    // Bundled CommonJS dependencies call require(); give them one.
    js: "import { createRequire as __mwCreateRequire } from 'node:module'; const require = __mwCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

// The playbook compiler (the real loader, its schemas and every action and check type) as one
// file. Its code's hash is the cache key: the CLI bundle carries it and trusts
// builtin-playbooks.json only when the file carries the same, i.e. came from this very code.
const compiler = await build({
  ...common,
  entryPoints: [path.join(root, 'src/engine/playbook/compile.ts')],
  outfile: path.join(os.tmpdir(), 'mw-compile-playbooks.mjs'),
  define: { 'process.env.NODE_ENV': '"production"' },
});
const compilerCode = compiler.outputFiles[0].contents;
const cacheKey = createHash('sha256').update(compilerCode).digest('hex');

// conf imports ajv, ajv-formats and semver at its top but uses them only with a `schema` or
// `migrations` option, which src/engine/state.ts never passes. Bundled, they cost every run
// ~25 ms of start-up; these stand-ins fail loudly should conf ever reach for them.
const STUB_FOR_CONF = {
  'ajv/dist/2020.js': 'export class Ajv2020 { constructor() { throw new Error("migrate-wizard bundles conf without ajv: pass conf no schema"); } }',
  'ajv-formats': 'export default { default() { throw new Error("migrate-wizard bundles conf without ajv-formats: pass conf no schema"); } };',
  semver: 'const no = () => { throw new Error("migrate-wizard bundles conf without semver: pass conf no migrations"); }; export default { eq: no, clean: no, satisfies: no, lte: no, gt: no };',
};
const confWithoutValidators = {
  name: 'conf-without-validators',
  setup(b) {
    b.onResolve({ filter: /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}conf${path.sep}`) ? { path: args.path, namespace: 'unused-by-conf' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'unused-by-conf' }, (args) => ({ contents: STUB_FOR_CONF[args.path], loader: 'js' }));
  },
};

const result = await build({
  ...common,
  plugins: [confWithoutValidators],
  entryPoints: [path.join(root, 'src/cli.ts')],
  outdir,
  splitting: true,
  define: {
    __MW_VERSION__: JSON.stringify(pkg.version),
    __MW_PLAYBOOK_CACHE_KEY__: JSON.stringify(cacheKey),
    'process.env.NODE_ENV': '"production"',
  },
});

mkdirSync(outdir, { recursive: true });
const written = new Set();
for (const file of result.outputFiles) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  if (path.basename(file.path) === 'cli.js') chmodSync(tmp, 0o755);
  renameSync(tmp, file.path);
  written.add(path.basename(file.path));
}

// Precompile the built-in playbooks (src/engine/playbook/builtin-cache.ts explains the cache).
const work = mkdtempSync(path.join(os.tmpdir(), 'mw-build-'));
try {
  const entry = path.join(work, 'compile.mjs');
  writeFileSync(entry, compilerCode);
  const { compileBuiltinPlaybooks } = await import(pathToFileURL(entry).href);
  const { cache, skipped } = compileBuiltinPlaybooks(path.join(root, 'phases'), cacheKey);
  for (const s of skipped) console.warn(`build: phases/${s.name} is not precompiled (it loads normally at run time): ${s.reason}`);
  const target = path.join(outdir, 'builtin-playbooks.json');
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(cache));
  renameSync(tmp, target);
  written.add(path.basename(target));
} finally {
  rmSync(work, { recursive: true, force: true });
}

for (const name of readdirSync(outdir)) {
  if (!written.has(name) && !name.endsWith('.tmp')) rmSync(path.join(outdir, name), { force: true });
}
