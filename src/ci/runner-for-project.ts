import type { ProjectFs } from '../engine/project-fs.js';
import { buildComposeModel, loadParsed } from '../compose/model.js';
import { findTestRunner, type TestRunner } from './test-runner.js';

export interface RunnerSpec {
  composeFile: string;
  testCommand?: string;
  ciTestCommand?: string;
  service?: string;
  makefile?: string;
}

/** The test runner for a project, read from its test compose file and Makefile. */
export async function testRunnerFor(fs: ProjectFs, spec: RunnerSpec): Promise<TestRunner> {
  const model = await buildComposeModel(await loadParsed(fs, spec.composeFile), fs, { env: {} });
  const mfName = spec.makefile ?? 'Makefile';
  const makefile = (await fs.read(mfName))?.toString('utf8') ?? null;
  return findTestRunner({
    testCommand: spec.testCommand || undefined,
    ciTestCommand: spec.ciTestCommand || undefined,
    service: spec.service || undefined,
    makefile,
    makefileName: mfName,
    services: model.services.map((s) => ({ name: s.name, build: s.build !== undefined, ports: s.ports.length > 0 })),
  });
}
