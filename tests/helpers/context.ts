import { mkdtempSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StepContext } from '../../src/actions/types.js';
import { DiskProjectFs } from '../../src/engine/disk-fs.js';
import type { Prompter } from '../../src/engine/prompts.js';

/** A fresh temp dir, optionally seeded with a copy of `from`. */
export function tempProject(from?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mw-test-'));
  if (from) cpSync(from, dir, { recursive: true });
  return dir;
}

/** Prompter for tests that must never be asked anything (named per the no-mocks rule: it is a stand-in). */
export const failingPrompterForTests: Prompter = {
  async ask(req) {
    throw new Error(`unexpected prompt in test: ${req.kind}`);
  },
};

/** A real StepContext on a real folder; collects log lines so tests can assert on them. */
export function contextFor(root: string, overrides: Partial<StepContext> = {}): StepContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    root,
    fs: new DiskProjectFs(root),
    vars: {},
    stepId: 'test-step',
    log: (line) => lines.push(line),
    output: (line) => lines.push(line),
    signal: new AbortController().signal,
    prompter: failingPrompterForTests,
    assumeYes: true,
    now: () => new Date('2026-11-21T12:00:00Z'),
    lines,
    ...overrides,
  };
}
