// Loaded with `node --import` (or NODE_OPTIONS=--import=...): records the URL of every file
// module the process loads into $MW_TRACE_FILE, one per line. Used to prove which dist
// chunks a command pulls in (e.g. that `status` never loads Ink).
import { register } from 'node:module';

if (process.env.MW_TRACE_FILE) {
  register('./hooks.mjs', import.meta.url, { data: { file: process.env.MW_TRACE_FILE } });
}
