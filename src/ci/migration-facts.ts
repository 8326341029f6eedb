/**
 * What the migration actually produced in this project, read back from the files: the
 * compose files with their projects and env files, each service's dev and test host ports
 * (interpolated as Compose would), the Makefile targets and aliases, the CI run command,
 * the workflow, the certificate mount. The migration guide and the README section are
 * written from this, so they cannot describe something that is not there.
 */
import type { ProjectFs } from '../engine/project-fs.js';
import { BEGIN, END, OUR_TARGETS, makeTargets } from '../compose/makefile.js';
import { buildComposeModel, loadParsed, incompleteServices } from '../compose/model.js';
import { loadProjectEnv } from '../compose/project-env.js';
import { ciRunCommand } from './ci-compose.js';

export interface FactsSpec {
  composeCli: string;
  composeFile: string;
  composeTestFile?: string;
  devFile: string;
  devProject: string;
  devEnv: string;
  testFile: string;
  testProject: string;
  testEnv: string;
  ciFile?: string;
  ciEnv?: string;
  workflow?: string;
  testCommand?: string;
  makefile: string;
  backupDir?: string;
}

export interface ServicePorts {
  service: string;
  dev: string[];
  test: string[];
}

export interface MigrationFacts extends FactsSpec {
  ports: ServicePorts[];
  devServices: string[];
  testServices: string[];
  /** Targets in the generated Makefile block, and `alias → target` pairs. */
  targets: string[];
  aliases: [string, string][];
  /** Old Makefile targets (from the backup) that still exist. */
  oldTargets: string[];
  /** The old test command line when the test file was an overlay of the base. */
  oldOverlay?: string;
  ci?: { command: string; service: string };
  envFiles: { file: string; exists: boolean }[];
  examples: string[];
  certMount?: string;
}

async function portsOf(fs: ProjectFs, file: string, envFile: string) {
  if (!(await fs.exists(file))) return new Map<string, string[]>();
  const env = await loadProjectEnv(fs, [envFile], {});
  const model = await buildComposeModel(await loadParsed(fs, file), fs, { env: env.env });
  return new Map(model.services.map((s) => [s.name, s.ports.filter((p) => p.hostPort !== null).map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort}→${p.containerPort}${p.protocol !== 'tcp' ? `/${p.protocol}` : ''}`)]));
}

export async function migrationFacts(fs: ProjectFs, spec: FactsSpec): Promise<MigrationFacts> {
  const dev = await portsOf(fs, spec.devFile, spec.devEnv);
  const test = await portsOf(fs, spec.testFile, spec.testEnv);
  const names = [...new Set([...dev.keys(), ...test.keys()])];
  const ports = names.map((service) => ({ service, dev: dev.get(service) ?? [], test: test.get(service) ?? [] }));
  const mf = (await fs.read(spec.makefile))?.toString('utf8') ?? '';
  const block = mf.includes(BEGIN) ? mf.slice(mf.indexOf(BEGIN), mf.indexOf(END) + END.length) : '';
  const blockTargets = makeTargets(block);
  const targets = OUR_TARGETS.filter((t) => blockTargets.has(t));
  const aliases: [string, string][] = [...block.matchAll(/^([a-z][\w-]*):\s+(dev-[a-z]+|test-[a-z]+)\s*$/gm)].map((m) => [m[1], m[2]]);
  let oldTargets: string[] = [];
  let oldOverlay: string | undefined;
  if (spec.backupDir) {
    const oldMf = (await fs.read(`${spec.backupDir}/${spec.makefile}`))?.toString('utf8');
    if (oldMf) oldTargets = [...makeTargets(oldMf)];
    if (spec.composeTestFile) {
      const oldTest = await fs.read(`${spec.backupDir}/${spec.composeTestFile}`);
      if (oldTest) {
        try {
          const model = await buildComposeModel(await loadParsed({ read: async (p) => (p === spec.composeTestFile ? oldTest : fs.read(p)) }, spec.composeTestFile), fs, { env: {} });
          if (incompleteServices(model).length > 0) oldOverlay = `${spec.composeCli} -f ${spec.composeFile} -f ${spec.composeTestFile} up -d`;
        } catch {
          // an unreadable old file: no old command to quote
        }
      }
    }
  }
  const ciText = spec.ciFile ? (await fs.read(spec.ciFile))?.toString('utf8') : undefined;
  const envNames = [spec.devEnv, spec.testEnv, ...(spec.ciEnv ? [spec.ciEnv] : [])];
  const envFiles = await Promise.all(envNames.map(async (file) => ({ file, exists: await fs.exists(file) })));
  const examples = (await Promise.all(envNames.map(async (f) => ((await fs.exists(`${f}.example`)) ? `${f}.example` : undefined)))).filter((x): x is string => !!x);
  const testText = (await fs.read(spec.testFile))?.toString('utf8') ?? '';
  const certMount = /-\s+["']?(\.\/[\w./-]*certs?[\w./-]*:[^\s"']+:ro)/.exec(testText)?.[1];
  return {
    ...spec,
    ports,
    devServices: [...dev.keys()],
    testServices: [...test.keys()],
    targets,
    aliases,
    oldTargets,
    oldOverlay,
    ci: ciText ? ciRunCommand(ciText) : undefined,
    envFiles,
    examples,
    certMount,
  };
}
