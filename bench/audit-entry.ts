// Runs the audit without the CLI around it, for the benchmark (bundled by bench/audit.mjs).
import { auditCommand } from '../src/commands/audit.js';

const [cwd = '.', ...rest] = process.argv.slice(2);
const code = await auditCommand({ cwd, json: rest.includes('--json'), write: (s) => process.stdout.write(s) });
process.exitCode = code;
