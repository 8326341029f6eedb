import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import { NoColorContext } from '../theme.js';
import { DiffView, diffLines } from './DiffView.js';
import { ANSI, KEY, frameMatching, press, routed, tick, withColor } from '../../../../tests/helpers/ink.js';
import { DIFF_COMPOSE, DIFF_MAKEFILE } from '../../../../tests/helpers/ink-fixtures.js';

const diffs = [
  { path: 'docker-compose.dev.yml', diff: DIFF_COMPOSE },
  { path: 'Makefile', diff: DIFF_MAKEFILE },
];

describe('DiffView', () => {
  test('diffLines: a header per file, the body only when unfolded, ---/+++ dropped', () => {
    const open = diffLines(diffs, new Set());
    expect(open.filter((l) => l.kind === 'file')).toHaveLength(2);
    expect(open.some((l) => l.kind === 'line' && l.text.startsWith('+++'))).toBe(false);
    expect(open).toHaveLength(2 + 5 + 5);
    const folded = diffLines(diffs, new Set([0]));
    expect(folded).toHaveLength(2 + 5);
    expect(folded[0]).toMatchObject({ kind: 'file', collapsed: true, added: 4, removed: 0 });
  });

  test('scrolls with j/k and pages, folds the file at the top with Enter, jumps files with n', async () => {
    let closed = 0;
    const { stdin, lastFrame } = render(<DiffView diffs={diffs} height={6} onClose={() => closed++} />);
    await tick();
    await frameMatching(lastFrame, /lines 1–4 of 12/);
    await press(stdin, 'j', 'j');
    await frameMatching(lastFrame, /lines 3–6 of 12/);
    await press(stdin, 'k');
    await frameMatching(lastFrame, /lines 2–5 of 12/);
    await press(stdin, 'n');
    await frameMatching(lastFrame, /lines 7–10 of 12\n▾ Makefile/);
    await press(stdin, KEY.enter);
    await frameMatching(lastFrame, /▸ Makefile/);
    expect(lastFrame()).not.toContain('dev-up');
    await press(stdin, 'c');
    await frameMatching(lastFrame, /lines 1–2 of 2/);
    await press(stdin, 'e', 'G');
    await frameMatching(lastFrame, /lines 9–12 of 12/);
    await press(stdin, 'q');
    expect(closed).toBe(1);
  });

  test('added lines are green and removed red; NO_COLOR keeps only the +/- marks', async () => {
    await withColor(() => {
      const colored = render(<DiffView diffs={diffs} height={20} onClose={() => {}} />).lastFrame()!;
      expect(colored).toContain('\u001B[32m+services:');
      expect(colored).toContain('\u001B[31m-');
      const plain = render(
        <NoColorContext.Provider value={true}>
          <DiffView diffs={diffs} height={20} onClose={() => {}} />
        </NoColorContext.Provider>,
      ).lastFrame()!;
      expect(plain).not.toMatch(ANSI);
      expect(plain).toContain('+services:');
    });
  });
});

test('DiffView: keys that arrive in one chunk ("nn") act one by one', async () => {
  const { stdin, lastFrame } = render(routed(<DiffView diffs={[...diffs, { path: 'third.txt', diff: '@@ -1 +1 @@\n-a\n+b\n' }]} height={6} onClose={() => {}} />));
  await tick();
  stdin.write('nn');
  await frameMatching(lastFrame, /lines \d+–\d+ of \d+\n▾ third\.txt/);
});

test('DiffView: a rename shows "new ← old" and "renamed" instead of +0 −0', () => {
  const f = render(<DiffView diffs={[{ path: '.env.dev', diff: 'rename from .env\nrename to .env.dev\n' }]} height={10} onClose={() => {}} />).lastFrame()!;
  expect(f).toMatch(/▾ \.env\.dev ← \.env\s+renamed/);
  expect(f).not.toContain('rename from');
  expect(f).not.toContain('+0');
});
