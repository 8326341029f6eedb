/**
 * The Ink reporter: the interactive face of the engine. The CLI loads this module with a dynamic
 * import on the interactive path only, so nothing else pulls Ink and React into memory.
 *
 *   const ink = await import('./reporters/ink/index.js');
 *   const ui = ink.createInkReporter({ stderr, stdin, projectName, logDir, onInterrupt });
 *   const choice = await ui.askStart(facts, saved, playbook);   // before the engine runs
 *   await engine.run({ onEvent: ui.onEvent, prompter: ui.prompter });
 *   await ui.close();                                            // restores the terminal
 */
import { createElement } from 'react';
import { render, type Instance } from 'ink';
import type { EngineEvent } from '../../engine/events.js';
import type { PromptAnswer, PromptRequest, Prompter } from '../../engine/prompts.js';
import { App } from './App.js';
import { UiStore } from './store.js';
import { isNoColor } from './theme.js';
import type { PlaybookOutline, ProjectFacts, SavedRunInfo, StartChoice } from './types.js';

export type { PlaybookOutline, ProjectFacts, SavedRunInfo, StartChoice } from './types.js';

export interface InkReporterOptions {
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  projectName: string;
  /** Where the full logs go (.migrate-wizard/logs); the log pane names it until the run names the file. */
  logDir: string;
  /** Ctrl+C: the UI never exits the process; the engine stops after its current atomic action. */
  onInterrupt(): void;
  /** Lines the log pane keeps (a ring buffer). Default 200. */
  logCapacity?: number;
  /** Defaults to the NO_COLOR environment variable. */
  noColor?: boolean;
}

export interface InkReporter {
  onEvent(e: EngineEvent): void;
  prompter: Prompter;
  /** The start screen: detected facts, phases, and what to do with a saved run. */
  askStart(facts: ProjectFacts, savedState: SavedRunInfo | null | undefined, playbook?: PlaybookOutline): Promise<StartChoice>;
  /** Draw the final frame, unmount, and give the terminal back (raw mode off, cursor shown). */
  close(): Promise<void>;
}

let active: InkReporter | undefined;

export function createInkReporter(opts: InkReporterOptions): InkReporter {
  const store = new UiStore({ logCapacity: opts.logCapacity, logDir: opts.logDir });
  const stopResizeFix = clearScreenWhenNarrowed(opts.stderr);
  const instance: Instance = render(
    createElement(App, {
      store,
      onInterrupt: opts.onInterrupt,
      projectName: opts.projectName,
      noColor: opts.noColor ?? isNoColor(),
    }),
    {
      stdout: opts.stderr,
      stdin: opts.stdin,
      stderr: opts.stderr,
      exitOnCtrlC: false,
      patchConsole: false,
      // The store already batches to ~20 updates/s; Ink's own throttle only needs to keep up.
      maxFps: 20,
    },
  );
  let closed: Promise<void> | undefined;

  const reporter: InkReporter = {
    onEvent: (e) => store.dispatch(e),
    prompter: {
      ask<R extends PromptRequest>(request: R): Promise<PromptAnswer<R['kind']>> {
        return store.ask(request) as Promise<PromptAnswer<R['kind']>>;
      },
    },
    askStart(facts, savedState, playbook) {
      return store.ask({ kind: 'start', facts, saved: savedState ?? null, playbook }) as Promise<StartChoice>;
    },
    close() {
      closed ??= (async () => {
        store.flush();
        // Let React commit and Ink write the final frame before unmounting.
        await new Promise((r) => setTimeout(r, 0));
        instance.unmount();
        await instance.waitUntilExit().catch(() => undefined);
        stopResizeFix();
        store.dispose();
        if (active === reporter) active = undefined;
      })();
      return closed;
    },
  };
  active = reporter;
  return reporter;
}

/**
 * When a terminal gets narrower it re-wraps the lines already on screen, so the old frame takes
 * more rows than Ink erases and its top is left behind (a second title line, half a menu).
 * Before Ink redraws (this listener runs first), clear the visible screen and start at the top.
 * Only on narrowing: widening re-wraps nothing. Lines above the wizard leave the screen but stay
 * in the scrollback of most terminals.
 */
function clearScreenWhenNarrowed(stream: NodeJS.WriteStream): () => void {
  if (!stream.isTTY) return () => {};
  let columns = stream.columns || 80;
  const onResize = () => {
    const now = stream.columns || 80;
    if (now < columns) stream.write('\u001B[2J\u001B[H');
    columns = now;
  };
  stream.prependListener('resize', onResize);
  return () => {
    stream.off('resize', onResize);
  };
}

/**
 * The start screen on the reporter created last (the CLI has one at a time). Resolves with
 * 'resume' for "Start" when there is no saved run.
 */
export function askStart(
  facts: ProjectFacts,
  savedState: SavedRunInfo | null | undefined,
  playbook?: PlaybookOutline,
): Promise<StartChoice> {
  if (!active) throw new Error('askStart: call createInkReporter() first');
  return active.askStart(facts, savedState, playbook);
}
