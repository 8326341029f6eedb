// Bundles src/cli.ts into dist/ with code splitting, so `--version` and `status`
// load only the small entry chunk and Ink is loaded only on the interactive path.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  jsx: 'automatic',
  external: ['react-devtools-core'],
  define: { __MW_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    // Bundled CommonJS dependencies call require(); give them one.
    js: "import { createRequire as __mwCreateRequire } from 'node:module'; const require = __mwCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
