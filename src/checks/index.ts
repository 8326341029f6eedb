import type { CheckDefinition } from './types.js';
import { fileExists } from './file-exists.js';
import { fileAbsent } from './file-absent.js';
import { fileHashEquals } from './file-hash-equals.js';
import { yamlValid } from './yaml-valid.js';
import { command } from './command.js';
import { tcp } from './tcp.js';
import { http } from './http.js';
import { composeUp } from './compose-up.js';
import { composePortsAnswer } from './compose-ports-answer.js';
import { composeRunWhileServing } from './compose-run-while-serving.js';
import { composeDown } from './compose-down.js';
import { composeValid } from './compose-valid.js';
import { composeParallelSafe } from './compose-parallel-safe.js';
import { composeNamesSuffixed } from './compose-names-suffixed.js';
import { composeBindSourcesExist } from './compose-bind-sources-exist.js';
import { makeDryRun } from './make-dry-run.js';
import { backupVerified } from './backup-verified.js';
import { envNoSecrets } from './env-no-secrets.js';
import { composeCiRun } from './compose-ci-run.js';
import { ignoreCovers } from './ignore-covers.js';
import { sslCertsReady } from './ssl-certs-ready.js';
import { ciWorkflowValid } from './ci-workflow-valid.js';

/** Every check type. Adding one: a file in this folder, and a line here. */
export const checkTypes: CheckDefinition[] = [fileExists, composeUp, composePortsAnswer, composeRunWhileServing, composeDown, composeValid, fileAbsent, fileHashEquals, yamlValid, command, tcp, http, composeParallelSafe, composeNamesSuffixed, composeBindSourcesExist, makeDryRun, backupVerified, envNoSecrets, composeCiRun, ignoreCovers, sslCertsReady, ciWorkflowValid];
