import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { composeCliCommandSync } from '../compose/engine-cli.js';
import { detectTestCommand } from './test-command.js';
import { projectNameFrom } from './project-name.js';

export { projectNameFrom };

/**
 * What the wizard can tell about a project without asking. Each fact is a playbook
 * variable (`{{composeFile}}`); a missing one is asked for, or comes from --set.
 */
export interface ProjectFacts {
  [name: string]: string | undefined;
}

const COMPOSE_BASE = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const COMPOSE_TEST = ['docker-compose.test.yml', 'docker-compose.test.yaml', 'compose.test.yaml', 'compose.test.yml'];

/** Names every detector may provide; the playbook loader accepts these as variables. */
export const FACT_NAMES = ['projectName', 'composeFile', 'composeTestFile', 'envFile', 'makefile', 'composeCli', 'testCommand', 'date', 'today'] as const;


/** `live` also asks the machine (the compose CLI); plain detection only reads files. */
export function detectFacts(root: string, now = new Date(), { live = true } = {}): ProjectFacts {
  const first = (names: string[]) => names.find((n) => existsSync(path.join(root, n)));
  const files = safeList(root);
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const makefile = files.includes('Makefile') ? 'Makefile' : files.includes('makefile') ? 'makefile' : undefined;
  return {
    projectName: projectNameFrom(root),
    composeFile: first(COMPOSE_BASE),
    composeTestFile: first(COMPOSE_TEST),
    envFile: files.includes('.env') ? '.env' : undefined,
    makefile,
    composeCli: live ? (composeCliCommandSync() ?? undefined) : undefined,
    testCommand: detectTestCommand(root, makefile),
    date,
    today: date,
  };
}

function safeList(root: string): string[] {
  try {
    return readdirSync(root);
  } catch {
    return [];
  }
}
