import { EVENT_SCHEMA_VERSION, type EngineEvent } from '../engine/events.js';
import { noTerminalPrompter } from './no-terminal-prompter.js';
import type { Reporter } from './types.js';

/** NDJSON on stdout: one event per line, `{"v":1,"ts":"…","type":…}`. Shape documented in README.md. */
export function createJsonReporter(out: NodeJS.WritableStream = process.stdout): Reporter {
  return {
    onEvent(event: EngineEvent) {
      out.write(JSON.stringify({ v: EVENT_SCHEMA_VERSION, ts: new Date().toISOString(), ...event }) + '\n');
    },
    prompter: noTerminalPrompter,
    async close() {},
  };
}

/** A final error as an NDJSON line, so a --json consumer sees why the run ended. */
export function jsonErrorLine(message: string, exitCode: number, hint?: string): string {
  return JSON.stringify({ v: EVENT_SCHEMA_VERSION, ts: new Date().toISOString(), type: 'error', message, hint, exitCode }) + '\n';
}
