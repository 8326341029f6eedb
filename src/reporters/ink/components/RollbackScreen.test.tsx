import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import type { RollbackView } from '../store.js';
import { RollbackScreen } from './RollbackScreen.js';

function view(): RollbackView {
  return {
    scope: 'all',
    entries: [
      { entry: { stepId: 'makefile', op: 'restore', path: 'Makefile', drifted: true }, status: 'restored' },
      { entry: { stepId: 'env-rename', op: 'rename-back', path: '.env', from: '.env.dev', drifted: false }, status: 'pending' },
      { entry: { stepId: 'dev-compose', op: 'remove', path: 'docker-compose.dev.yml', drifted: true }, status: 'pending' },
      { entry: { stepId: 'smoke', op: 'run-revert', path: 'make dev-down', drifted: false }, status: 'pending' },
    ],
  };
}

describe('RollbackScreen', () => {
  test('lists what will be restored in order, names drifted files, shows progress', () => {
    const f = render(<RollbackScreen rollback={view()} height={20} />).lastFrame()!;
    expect(f).toContain('Roll back (all) · 1/4');
    expect(f).toContain('⚠ Edited since the wizard wrote them:');
    expect(f).toContain('Makefile, docker-compose.dev.yml');
    const lines = f.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(at('restore Makefile')).toBeLessThan(at('rename .env.dev → .env'));
    expect(at('rename .env.dev → .env')).toBeLessThan(at('remove docker-compose.dev.yml'));
    expect(f).toMatch(/↺ restore Makefile \(edited by you\)/);
    expect(f).toMatch(/○ remove docker-compose\.dev\.yml \(edited by you\)/);
    expect(f).toContain('revert: make dev-down');
  });

  test('when done, says how many were restored; a refused entry is marked', () => {
    const v = view();
    v.entries.forEach((r) => (r.status = 'restored'));
    v.entries[2]!.status = 'refused';
    v.entries[2]!.note = 'edited by the user; pass --force';
    v.end = { status: 'done', restored: 3 };
    const f = render(<RollbackScreen rollback={v} height={20} />).lastFrame()!;
    expect(f).toContain('4/4 · done, 3 restored');
    expect(f).toMatch(/✗ remove docker-compose\.dev\.yml \(edited by you\) — edited by the user; pass --force/);
  });

  test('a long plan in a short terminal keeps the entry being worked on in view', () => {
    const v: RollbackView = {
      scope: 'all',
      entries: Array.from({ length: 40 }, (_, i) => ({
        entry: { stepId: 's', op: 'restore' as const, path: `file-${i}`, drifted: false },
        status: i < 25 ? ('restored' as const) : ('pending' as const),
      })),
    };
    const f = render(<RollbackScreen rollback={v} height={8} />).lastFrame()!;
    expect(f.split('\n').length).toBeLessThanOrEqual(8);
    expect(f).toContain('restore file-25');
    expect(f).toMatch(/… \d+ done above/);
    expect(f).toMatch(/… \d+ more/);
  });
});
