import { useState } from 'react';
import { describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import type { PhaseOutline } from '../../../engine/events.js';
import { NoColorContext } from '../theme.js';
import { Checklist } from './Checklist.js';
import { ANSI, KEY, frameMatching, lineWidths, press, renderSized, tick, waitFor, withColor } from '../../../../tests/helpers/ink.js';
import { manyPhases, phases } from '../../../../tests/helpers/ink-fixtures.js';

function Harness({ list, height = 30, onOpen, onHelp }: { list: PhaseOutline[]; height?: number; onOpen?(id: string): void; onHelp?(): void }) {
  const [cursor, setCursor] = useState(0);
  return <Checklist phases={list} cursor={cursor} onCursor={setCursor} onOpen={onOpen} onHelp={onHelp} height={height} />;
}

describe('Checklist', () => {
  test('shows phases with progress counts, status marks, badges and step ids', () => {
    const { lastFrame } = render(<Harness list={phases()} />);
    const f = lastFrame()!;
    expect(f).toContain('Phase 1: Prepare');
    expect(f).toMatch(/Phase 1: Prepare\s+1\/3/);
    expect(f).toMatch(/Phase 2: Split environments\s+1\/3/); // skipped counts as done
    expect(f).toMatch(/✓ Back up compose files and env .*risk:low prio:high backup/);
    expect(f).toMatch(/✗ Title of test-compose .*risk:high/);
    expect(f).toMatch(/↷ Title of makefile-targets/);
    expect(f).toMatch(/↺ Title of sign-off .*risk:crit prio:low sign-off/);
    expect(f).toMatch(/○ Rename \.env to \.env\.dev/);
    expect(f).toMatch(/› . Back up compose/); // cursor on the first step
  });

  test('arrows and j/k move the cursor, Enter opens the step under it, ? asks for help', async () => {
    const opened: string[] = [];
    let helped = 0;
    const { stdin, lastFrame } = render(<Harness list={phases()} onOpen={(id) => opened.push(id)} onHelp={() => helped++} />);
    await tick();
    await press(stdin, KEY.down, 'j', KEY.enter);
    expect(opened).toEqual(['env-rename']);
    await frameMatching(lastFrame, /› ○ Rename \.env/);
    await press(stdin, 'k', KEY.up, KEY.up, KEY.enter); // stops at the top
    expect(opened).toEqual(['env-rename', 'backup']);
    await press(stdin, 'G', KEY.enter, 'g', KEY.enter);
    expect(opened).toEqual(['env-rename', 'backup', 'sign-off', 'backup']);
    await press(stdin, '?');
    expect(helped).toBe(1);
  });

  test('a list taller than the terminal scrolls and keeps the cursor in view', async () => {
    const { stdin, lastFrame } = render(<Harness list={manyPhases(15, 3)} height={10} />);
    await tick();
    expect(lastFrame()!.split('\n')).toHaveLength(10);
    expect(lastFrame()).toContain('p1-step-01');
    expect(lastFrame()).not.toContain('p1-step-12');
    expect(lastFrame()).toMatch(/↓ 1\/45 steps/);
    for (let i = 0; i < 20; i++) await press(stdin, 'j');
    // The machine may be loaded: wait for the frame rather than assume 40 ms per key suffices.
    await waitFor(() => /› ○ Title of p2-step-06/.test(lastFrame()!), 'cursor on the 21st step', lastFrame);
    const f = lastFrame()!;
    expect(f).toMatch(/› ○ Title of p2-step-06/); // 21st step
    expect(f).not.toContain('p1-step-01');
    expect(f).toMatch(/↑↓ 21\/45 steps/);
    expect(f.split('\n')).toHaveLength(10);
    await press(stdin, KEY.pageDown, KEY.pageDown, KEY.pageDown, KEY.pageDown);
    await waitFor(() => /› ○ Title of p3-step-15/.test(lastFrame()!), 'cursor on the last step', lastFrame);
    expect(lastFrame()).toMatch(/↑  45\/45 steps/);
  });

  test('at 60 columns no line is wider than 60, and titles are cut rather than wrapped', async () => {
    const list = phases();
    list[0]!.steps[0]!.title = 'A very long step title that would never fit in a narrow terminal window at all';
    const { lastFrame } = renderSized(<Harness list={list} />, { columns: 60 });
    await tick();
    const f = lastFrame();
    expect(Math.max(...lineWidths(f))).toBeLessThanOrEqual(60);
    expect(f).toMatch(/A very long step title.*… risk:low prio:high backup/);
    expect(f.split('\n')).toHaveLength(8); // 2 phases + 6 steps: nothing wrapped
  });

  test('NO_COLOR: no escape sequences at all, while the same render with colour has them', async () => {
    await withColor(async () => {
      const colored = render(<Harness list={phases()} />);
      expect(colored.lastFrame()).toMatch(ANSI);
      const plain = render(
        <NoColorContext.Provider value={true}>
          <Harness list={phases()} />
        </NoColorContext.Provider>,
      );
      expect(plain.lastFrame()).not.toMatch(ANSI);
      expect(plain.lastFrame()).toContain('✓ Back up compose');
    });
  });
});
