// Bundles src/cli.ts into dist/ with code splitting, so `--version` and `status`
// load only small chunks and Ink is loaded only on the interactive path.
// Outputs are written atomically and stale chunks removed afterwards, so a test
// running the CLI while another process rebuilds never sees a missing file.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const result = await build({
  entryPoints: [path.join(root, 'src/cli.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  write: false,
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  jsx: 'automatic',
  external: ['react-devtools-core'],
  define: { __MW_VERSION__: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  banner: {
    // Bundled CommonJS dependencies call require(); give them one.
    js: "import { createRequire as __mwCreateRequire } from 'node:module'; const require = __mwCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
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
for (const name of readdirSync(outdir)) {
  if (!written.has(name) && !name.endsWith('.tmp')) rmSync(path.join(outdir, name), { force: true });
}
