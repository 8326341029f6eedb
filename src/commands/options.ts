/** Options shared by every command, parsed once in cli.ts. */
export interface GlobalOptions {
  cwd: string;
  playbook: string;
  yes: boolean;
  json: boolean;
  plain: boolean;
  set: Record<string, string>;
  from?: string;
  to?: string;
  phase?: string;
  step?: string;
  force: boolean;
  out?: string;
}

export interface CommandIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** Aborted on Ctrl+C. */
  signal: AbortSignal;
  /** Register what Ctrl+C should do (the Ink UI takes raw keys, so it forwards Ctrl+C here). */
  interrupt: () => void;
}
