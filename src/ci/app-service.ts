import type { ProjectFs } from '../engine/project-fs.js';
import { UserError } from '../engine/errors.js';
import { buildComposeModel, loadParsed } from '../compose/model.js';
import { testRunnerFor, type RunnerSpec } from './runner-for-project.js';
import { defaultAppService } from './test-runner.js';

/** The test app: the service the tests run in (from the test command), else the first built service with ports. */
export async function appServiceFor(fs: ProjectFs, spec: RunnerSpec): Promise<string> {
  if (spec.service) return spec.service;
  try {
    return (await testRunnerFor(fs, spec)).service;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const model = await buildComposeModel(await loadParsed(fs, spec.composeFile), fs, { env: {} });
    const name = defaultAppService(model.services.map((s) => ({ name: s.name, build: s.build !== undefined, ports: s.ports.length > 0 })));
    if (!name) throw new UserError(`${spec.composeFile} has no services`, 64, 'run Phase 1 first');
    return name;
  }
}
