import type { ActionDefinition } from './types.js';
import { fileRename } from './file-rename.js';
import { fileWrite } from './file-write.js';
import { fileCopy } from './file-copy.js';
import { fileAppendLines } from './file-append-lines.js';
import { backup } from './backup.js';
import { run } from './run.js';
import { manual } from './manual.js';
import { composeDeriveDev } from './compose-derive-dev.js';
import { composeDeriveTest } from './compose-derive-test.js';
import { envRename } from './env-rename.js';
import { makefileTargets } from './makefile-targets.js';
import { envDerive } from './env-derive.js';
import { envSanitize } from './env-sanitize.js';
import { composeDeriveCi } from './compose-derive-ci.js';
import { ignoreEnsure } from './ignore-ensure.js';
import { composeHealthchecks } from './compose-healthchecks.js';
import { sslTestCerts } from './ssl-test-certs.js';
import { ciGithubWorkflow } from './ci-github-workflow.js';
import { docsMigration } from './docs-migration.js';
import { filesRetire } from './files-retire.js';
import { docsRollbackProcedure } from './docs-rollback-procedure.js';
import { dockerignoreExcludeEnv } from './dockerignore-exclude-env.js';
import { dockerfileNonRootUser } from './dockerfile-non-root-user.js';
import { dockerfileDepsFirst } from './dockerfile-deps-first.js';

/** Every action type. Adding one: a file in this folder, and a line here. */
export const actionTypes: ActionDefinition[] = [fileWrite, fileRename, fileCopy, fileAppendLines, backup, run, manual, composeDeriveDev, composeDeriveTest, envRename, makefileTargets, envDerive, envSanitize, composeDeriveCi, ignoreEnsure, composeHealthchecks, sslTestCerts, ciGithubWorkflow, docsMigration, filesRetire, docsRollbackProcedure, dockerignoreExcludeEnv, dockerfileNonRootUser, dockerfileDepsFirst];
