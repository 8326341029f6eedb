import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import type { StartChoice } from '../types.js';
import { StartScreen } from './StartScreen.js';
import { KEY, lineWidths, press, renderSized, routed, tick } from '../../../../tests/helpers/ink.js';
import { phases } from '../../../../tests/helpers/ink-fixtures.js';

const facts = {
  composeCli: { name: 'docker compose', version: '2.29.1' },
  composeFiles: ['docker-compose.yml', 'docker-compose.test.yml'],
  envFiles: ['.env'],
  makefile: true,
  engineReachable: false,
};
const saved = { stepId: 'dev-compose', stepTitle: 'Create docker-compose.dev.yml', done: 2, total: 6 };

describe('StartScreen', () => {
  test('shows the detected facts and the phases', () => {
    const f = render(<StartScreen facts={facts} saved={null} playbook={{ name: 'parallel-envs', phases: phases() }} projectName="shop" onAnswer={() => {}} height={30} />).lastFrame()!;
    expect(f).toContain('migrate-wizard · shop · parallel-envs');
    expect(f).toContain('✓ Compose CLI: docker compose 2.29.1');
    expect(f).toContain('✓ Compose files: docker-compose.yml, docker-compose.test.yml');
    expect(f).toContain('✓ Env files: .env');
    expect(f).toContain('✓ Makefile: found');
    expect(f).toContain('✗ Container engine: not reachable');
    expect(f).toMatch(/1\. Phase 1: Prepare\s+1\/3 steps/);
    expect(f).toMatch(/› Start\n\s+Quit/);
  });

  test('with a saved run: Resume names the step; the menu and r/b/s/q answer', async () => {
    const answers: StartChoice[] = [];
    const r = render(routed(<StartScreen facts={facts} saved={saved} onAnswer={(c) => answers.push(c)} height={30} />));
    const f = r.lastFrame()!;
    expect(f).toContain('A saved run stopped at Create docker-compose.dev.yml (dev-compose) (2/6 steps done).');
    expect(f).toMatch(/› Resume at Create docker-compose\.dev\.yml \(dev-compose\)\n\s+Roll back everything the wizard did\n\s+Start over \(rolls back first\)\n\s+Quit/);
    await tick();
    await press(r.stdin, KEY.enter, KEY.down, KEY.enter, 's', 'q', 'b', 'r');
    expect(answers).toEqual(['resume', 'rollback', 'start-over', 'quit', 'rollback', 'resume']);
  });

  test('60 columns and no compose CLI: readable, nothing wider than 60', async () => {
    const r = renderSized(
      <StartScreen facts={{ ...facts, composeCli: undefined, composeFiles: ['a/very/long/path/to/docker-compose.production.override.yml'] }} saved={saved} onAnswer={() => {}} height={24} />,
      { columns: 60 },
    );
    await tick();
    expect(r.lastFrame()).toContain('✗ Compose CLI: not found');
    expect(Math.max(...lineWidths(r.lastFrame()))).toBeLessThanOrEqual(60);
  });
});
