/** The shape of one CLI command (one noun per file in src/cli). */
export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

export interface Command {
  summary: string;
  help: string;
  /** Returns the process exit code. */
  run(args: string[], io: Io): Promise<number>;
}
