/**
 * Where and how the project's tests run inside a container, so CI can run them as a
 * container's command. Read from the user's own test command: `make test-unit` whose recipe
 * is `$(COMPOSE) exec -T web sh -c '…'` runs `sh -c '…'` beside web's server; a recipe with
 * `run --rm app pytest` runs `pytest` as app's command; a plain `npm test` or `pytest`
 * runs in the app service.
 */
import { UserError } from '../engine/errors.js';
import { splitCommand } from '../checks/compose-run-while-serving.js';

export interface TestRunner {
  /** exec: beside the service's running process (shares its network); run: as the service's command. */
  mode: 'exec' | 'run';
  service: string;
  /** Shell words of the command as the container runs it ($ not yet escaped for compose). */
  argv: string[];
  /** How it was found, for notes. */
  from: string;
}

/** Make's own view of a recipe line: `$$` → `$`, `$(VAR)`/`${VAR}` from simple assignments, `@`/`-` prefixes dropped. */
export function expandMake(line: string, vars: Record<string, string>, where: string): string {
  let s = line.replace(/^[@+-]+/, '');
  for (let n = 0; n < 10 && /\$[({][A-Za-z_][A-Za-z0-9_]*[)}]/.test(s); n++) {
    s = s.replace(/\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]/g, (m, name: string) => {
      if (vars[name] === undefined) throw new UserError(`${where}: the test recipe uses $(${name}), which has no simple value in the Makefile`, 64, 'pass the in-container test command with --set ciTestCommand="…"');
      return vars[name];
    });
  }
  if (/\$[({]/.test(s.replace(/\$\$/g, ''))) throw new UserError(`${where}: the test recipe uses a Make function`, 64, 'pass the in-container test command with --set ciTestCommand="…"');
  return s.replace(/\$\$/g, '$');
}

/** Simple `NAME = value`, `NAME ?= value`, `NAME := value` assignments. */
export function makeVariables(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(\?=|:=|::=|=)\s*(.*?)\s*$/.exec(line);
    if (m && !(m[2] === '?=' && out[m[1]] !== undefined)) out[m[1]] = m[3].replace(/\s+#.*$/, '');
  }
  return out;
}

/** Recipe lines of a target (tab-indented lines after `target:`), continuation lines joined. */
export function recipeOf(text: string, target: string): string[] | undefined {
  const lines = text.split(/\r?\n/);
  const head = new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\s*:(?!=)`);
  const at = lines.findIndex((l) => head.test(l));
  if (at < 0) return undefined;
  const out: string[] = [];
  for (let i = at + 1; i < lines.length && lines[i].startsWith('\t'); i++) {
    let l = lines[i].slice(1);
    while (l.endsWith('\\') && i + 1 < lines.length) l = l.slice(0, -1) + lines[++i].replace(/^\t/, '');
    out.push(l);
  }
  return out;
}

const COMPOSE_FLAGS_WITH_VALUE = new Set(['-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory', '--ansi', '-H', '--host', '--context', '-c']);
const SUB_FLAGS_WITH_VALUE = new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--index', '--name', '-p', '--publish', '-v', '--volume', '-l', '--label', '--entrypoint']);

/** `docker compose … exec -T web cmd…` → {mode, service, argv}; undefined when the line is no compose exec/run. */
export function composeInvocation(argv: string[]): Omit<TestRunner, 'from'> | undefined {
  let i = 0;
  if (argv[0] === 'docker' && argv[1] === 'compose') i = 2;
  else if (argv[0] === 'docker-compose' || argv[0] === 'podman-compose') i = 1;
  else if (argv[0] === 'podman' && argv[1] === 'compose') i = 2;
  else return undefined;
  while (i < argv.length && argv[i].startsWith('-')) i += COMPOSE_FLAGS_WITH_VALUE.has(argv[i]) ? 2 : 1;
  const sub = argv[i++];
  if (sub !== 'exec' && sub !== 'run') return undefined;
  while (i < argv.length && argv[i].startsWith('-')) i += SUB_FLAGS_WITH_VALUE.has(argv[i]) ? 2 : 1;
  const service = argv[i++];
  if (!service || i >= argv.length) return undefined;
  return { mode: sub, service, argv: argv.slice(i) };
}

export interface FindRunnerInput {
  /** The user's test command, e.g. `make test-unit` or `npm test`. */
  testCommand?: string;
  /** An explicit in-container command (wins). */
  ciTestCommand?: string;
  /** An explicit service (wins). */
  service?: string;
  makefile?: string | null;
  makefileName?: string;
  /** Services of the test compose file, in order, with whether they build an image. */
  services: { name: string; build: boolean; ports: boolean }[];
}

/** The app service when nothing names one: the first service that builds an image and publishes a port, else the first that builds, else the first. */
export function defaultAppService(services: FindRunnerInput['services']): string | undefined {
  return (services.find((s) => s.build && s.ports) ?? services.find((s) => s.build) ?? services[0])?.name;
}

export function findTestRunner(input: FindRunnerInput): TestRunner {
  const known = new Set(input.services.map((s) => s.name));
  const checkService = (name: string, from: string) => {
    if (!known.has(name)) throw new UserError(`${from}: service "${name}" is not in the test compose file (services: ${[...known].join(', ')})`, 64, 'pass --set ciService=<service>');
    return name;
  };
  if (input.ciTestCommand) {
    const service = checkService(input.service || defaultAppService(input.services) || '', 'ciTestCommand');
    return { mode: 'run', service, argv: splitCommand(input.ciTestCommand), from: 'ciTestCommand' };
  }
  const command = input.testCommand?.trim();
  if (!command) throw new UserError('no test command is known', 64, 'pass --set testCommand="make test" (or ciTestCommand for the command inside the container)');
  const words = splitCommand(command);
  const direct = composeInvocation(words);
  if (direct) return { ...direct, service: checkService(input.service || direct.service, command), from: command };
  if (words[0] === 'make' && input.makefile) {
    const target = words.slice(1).find((w) => !w.startsWith('-') && !w.includes('=')) ?? firstTarget(input.makefile);
    const mf = input.makefileName ?? 'Makefile';
    const recipe = target ? recipeOf(input.makefile, target) : undefined;
    if (recipe && recipe.length > 0) {
      const vars = makeVariables(input.makefile);
      const lines = recipe.map((l) => expandMake(l, vars, `${mf}: target ${target}`)).filter((l) => l.trim() !== '');
      if (lines.length === 1) {
        const inv = composeInvocation(splitCommand(lines[0]));
        if (inv) return { ...inv, service: checkService(input.service || inv.service, `${mf}: target ${target}`), from: `${mf} target ${target}` };
      }
      if (lines.some((l) => composeInvocation(splitCommand(l)))) {
        throw new UserError(`${mf}: target ${target} runs several commands, some through compose; the in-container command cannot be told apart`, 64, 'pass --set ciTestCommand="…" (the command the app container runs)');
      }
      // A host-side recipe (pytest, npm test): the app container runs the same lines.
      const service = checkService(input.service || defaultAppService(input.services) || '', `${mf}: target ${target}`);
      return { mode: 'run', service, argv: ['sh', '-c', lines.join(' && ')], from: `${mf} target ${target}` };
    }
  }
  const service = checkService(input.service || defaultAppService(input.services) || '', command);
  return { mode: 'run', service, argv: words, from: command };
}

function firstTarget(text: string): string | undefined {
  return /^([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*:(?!=)/m.exec(text)?.[1];
}
