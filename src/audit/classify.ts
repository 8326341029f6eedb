import type { Area } from './findings.js';

/**
 * What a file is, judged by its path alone, so that most files are never opened.
 * `skip` covers binaries and generated files that cannot hold anything the audit reports.
 */
export type FileKind =
  | 'dockerfile'
  | 'compose'
  | 'dockerignore'
  | 'env'
  | 'makefile'
  | 'ci'
  | 'pyproject'
  | 'tox'
  | 'setup-cfg'
  | 'pipfile'
  | 'requirements'
  | 'noxfile'
  | 'script'
  | 'python'
  | 'doc'
  | 'text'
  | 'skip';

const SKIP_EXT = new Set([
  // binaries and media
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'ico', 'icns', 'bmp', 'tiff', 'psd', 'pdf', 'mp3', 'mp4', 'mov', 'avi', 'wav', 'ogg', 'flac',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'tar', 'jar', 'war', 'whl', 'egg',
  'so', 'dylib', 'dll', 'exe', 'a', 'o', 'obj', 'class', 'pyc', 'pyo', 'pyd', 'wasm', 'bin', 'dat', 'db', 'sqlite', 'sqlite3',
  'pkl', 'pickle', 'npy', 'npz', 'h5', 'parquet', 'onnx', 'pt', 'ckpt', 'safetensors',
  // source code and data in languages that do not set up Python environments
  'js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'vue', 'svelte', 'css', 'scss', 'sass', 'less', 'html', 'htm', 'svg', 'map',
  'go', 'rs', 'java', 'kt', 'scala', 'c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'swift', 'm', 'rb', 'php', 'lua', 'dart', 'ex', 'exs',
  'json', 'lock', 'csv', 'tsv', 'xml', 'sql', 'graphql', 'proto', 'po', 'mo', 'pyi', 'ipynb', 'snap',
]);

/** `Dockerfile.<ext>` with one of these is a file about Dockerfiles (a test, a doc), not one. */
const NOT_DOCKERFILE_EXT = new Set(['ts', 'js', 'mjs', 'cjs', 'tsx', 'py', 'md', 'rst', 'txt', 'json', 'yml', 'yaml', 'toml', 'sh', 'go', 'rs', 'java', 'rb', 'snap', 'dockerignore', 'orig', 'bak', 'swp']);

const SCRIPT_EXT = new Set(['sh', 'bash', 'zsh', 'ksh', 'fish', 'ps1', 'psm1', 'bat', 'cmd']);
const DOC_EXT = new Set(['md', 'markdown', 'rst', 'adoc', 'asciidoc']);

export function classify(rel: string): FileKind {
  const slash = rel.lastIndexOf('/');
  const name = rel.slice(slash + 1);
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  const ext = dot > 0 ? lower.slice(dot + 1) : '';
  // Fast path for the bulk of a repository: media, source in other languages, data.
  if (SKIP_EXT.has(ext) && !rel.startsWith('.github/')) return 'skip';

  // Dockerfile, Dockerfile.dev, api.dockerfile, Containerfile — but not dockerfile.test.ts or Dockerfile.md.
  if (lower === 'dockerfile' || lower.endsWith('.dockerfile') || lower === 'containerfile' || ((lower.startsWith('dockerfile.') || lower.startsWith('containerfile.')) && !NOT_DOCKERFILE_EXT.has(ext))) {
    return 'dockerfile';
  }
  if (lower === '.dockerignore' || lower.endsWith('.dockerignore')) return 'dockerignore';
  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(lower)) return 'compose';
  if (isCiPath(rel)) return 'ci';
  if (lower === 'makefile' || lower === 'gnumakefile' || ext === 'mk' || lower === 'justfile' || lower === '.justfile' || /^taskfile\.ya?ml$/.test(lower)) return 'makefile';
  if (lower === 'pyproject.toml') return 'pyproject';
  if (lower === 'tox.ini') return 'tox';
  if (lower === 'setup.cfg') return 'setup-cfg';
  if (lower === 'pipfile') return 'pipfile';
  if (lower === 'noxfile.py') return 'noxfile';
  if (/^requirements.*\.txt$/.test(lower) || (ext === 'txt' && /(^|\/)requirements\//.test(rel))) return 'requirements';
  if (isEnvFile(lower)) return 'env';
  if (SKIP_EXT.has(ext) || lower.endsWith('.min.js')) return 'skip';
  if (SCRIPT_EXT.has(ext)) return 'script';
  // Python: only scripts a developer runs (setup, bootstrap, tooling), not application modules:
  // a package under src/ does not set up environments, and skipping it halves the reads.
  if (ext === 'py') return isScriptLikePy(rel, lower) ? 'python' : 'skip';
  if (DOC_EXT.has(ext)) return 'doc';
  if (ext === 'txt' || ext === '') return 'text';
  // Other YAML/TOML/INI is configuration for other tools (k8s, linters, docs builders).
  return 'skip';
}

const SCRIPT_DIRS = /^(?:scripts?|bin|tools?|dev|devtools|hack|ci|\.ci|setup|deploy|utils|\.github|\.devcontainer)\//i;
const SCRIPT_NAMES = /setup|bootstrap|install|venv|virtualenv|env|dev|make|tasks|manage|run|init|build|tox|nox/i;

function isScriptLikePy(rel: string, lower: string): boolean {
  if (!rel.includes('/')) return true; // top-level .py: setup.py, manage.py, tasks.py, …
  return SCRIPT_DIRS.test(rel) || SCRIPT_NAMES.test(lower);
}

/** `.env`, `.env.dev`, `dev.env`, but not templates meant to be committed. */
export function isEnvFile(lowerName: string): boolean {
  const isEnv = lowerName === '.env' || lowerName.startsWith('.env.') || lowerName.endsWith('.env');
  return isEnv && lowerName !== '.envrc';
}

/** An env file meant to be committed, holding placeholders (`.env.example`, `secrets.example`). */
export function isEnvTemplate(lowerName: string): boolean {
  return /\.(example|sample|template|dist|tmpl|tpl|defaults?)$/.test(lowerName) || /\.(example|sample|template)\./.test(lowerName);
}

export function isCiPath(rel: string): boolean {
  // Cheap gate first: every CI location is a dotfile/dot-folder or has one of these names.
  if (rel[0] !== '.' && !rel.includes('Jenkinsfile') && !rel.startsWith('azure-pipelines') && !rel.startsWith('bitbucket-pipelines')) return false;
  return (
    /^\.github\/workflows\/[^/]+\.ya?ml$/.test(rel) ||
    /^\.github\/actions\/.+\/action\.ya?ml$/.test(rel) ||
    /^\.gitlab-ci\.ya?ml$/.test(rel) ||
    /^\.gitlab\/ci\/.+\.ya?ml$/.test(rel) ||
    /^\.circleci\/config\.ya?ml$/.test(rel) ||
    /^azure-pipelines[\w.-]*\.ya?ml$/.test(rel) ||
    /^\.azure-pipelines\/.+\.ya?ml$/.test(rel) ||
    /(^|\/)Jenkinsfile[\w.-]*$/.test(rel) ||
    /^\.travis\.ya?ml$/.test(rel) ||
    /^bitbucket-pipelines\.ya?ml$/.test(rel) ||
    /^\.drone\.ya?ml$/.test(rel) ||
    /^\.buildkite\/.+\.ya?ml$/.test(rel) ||
    /^\.woodpecker(\.ya?ml|\/.+\.ya?ml)$/.test(rel)
  );
}

const TEST_SCRIPT = /(^|[/_.-])(tests?|pytest|ci-test|run[-_]?tests?|check)([/_.-]|$)/i;

/** Which area of the checklist a file belongs to (the audit's grouping inside a priority). */
export function areaOf(rel: string, kind: FileKind): Area {
  if (kind === 'ci') return 'CI workflows';
  if (kind === 'makefile') return 'Makefile';
  if (kind === 'doc' || (kind === 'text' && /\.txt$/i.test(rel))) return rel.includes('/') ? 'docs' : 'root docs';
  if (kind === 'tox' || kind === 'noxfile') return 'test scripts';
  if (kind === 'script' || kind === 'python' || kind === 'text') {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (TEST_SCRIPT.test(name) || /(^|\/)tests?\/[^/]+$/.test(rel)) return 'test scripts';
    return 'setup scripts';
  }
  return 'build config';
}
