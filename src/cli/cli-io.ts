/** A stream the command writes to; `isTTY` decides tables, colours and progress bars. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** Terminal width, when a terminal. */
  readonly columns?: number;
}

/** What the command reads from and writes to: the process, or a test's stand-ins. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Whether a person can answer a question (stdin is a terminal). */
  readonly stdinIsTTY?: boolean;
  /** Asks a question on the terminal and resolves to the answer line. */
  ask?(question: string): Promise<string>;
  /** Calls `handler` on each SIGTERM or SIGINT; returns a function that stops listening. */
  onStopSignal(handler: (signal: string) => void): () => void;
  /** Ends the process at once (a second stop signal while shutting down). */
  exitNow(code: number): void;
}

/** The real process. */
export const processIo = (): CliIo => ({
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY === true,
  ask: async (question) => {
    const { createInterface } = await import('node:readline/promises');
    const lines = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await lines.question(question);
    } finally {
      lines.close();
    }
  },
  onStopSignal: (handler) => {
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
    return () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    };
  },
  exitNow: (code) => process.exit(code),
});
