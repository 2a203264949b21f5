import type { CliIo } from '../../src/cli/cli-io';
import { runCli } from '../../src/cli/main';
import { eventually } from '../support/eventually';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stand-in for the process: captured output, signals sent by the test. */
export class FakeIo implements CliIo {
  stdoutText = '';
  stderrText = '';
  readonly stdout = { write: (text: string) => (this.stdoutText += text) };
  /** Whether stderr plays a terminal (progress bars), and stdin one a person answers on. */
  stderrIsTTY = false;
  stdinIsTTY = false;
  /** What the person answers to every question; the questions asked. */
  answer = '';
  readonly asked: string[] = [];
  readonly stderr = {
    write: (text: string) => (this.stderrText += text),
    isTTY: false,
  };
  private handler: ((signal: string) => void) | undefined;
  exitedWith: number | undefined;

  constructor(
    readonly env: Record<string, string | undefined>,
    readonly cwd: string = process.cwd(),
  ) {
    Object.defineProperty(this.stderr, 'isTTY', { get: () => this.stderrIsTTY });
  }

  onStopSignal(handler: (signal: string) => void): () => void {
    this.handler = handler;
    return () => {
      this.handler = undefined;
    };
  }

  /** Sends SIGTERM (or another stop signal) to the running command. */
  signal(name = 'SIGTERM'): void {
    this.handler?.(name);
  }

  async ask(question: string): Promise<string> {
    this.asked.push(question);
    return this.answer;
  }

  exitNow(code: number): void {
    this.exitedWith = code;
  }

  /** The JSON log lines written so far. */
  logs(): Record<string, unknown>[] {
    return this.stderrText
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** Runs `locus <args>` in this process with the given variables (and `io`, when given). */
export const locus = async (env: Record<string, string | undefined>, ...args: string[]): Promise<CliRun> =>
  locusOn(new FakeIo(env), ...args);

/** Runs `locus <args>` in this process on `io`. */
export const locusOn = async (io: FakeIo, ...args: string[]): Promise<CliRun> => {
  const code = await runCli(['node', 'locus', ...args], io);
  return { code, stdout: io.stdoutText, stderr: io.stderrText };
};

/**
 * Starts `locus serve` in this process on `io` and waits until it listens: the run (its exit code
 * once stopped), its `listening` log line and the URL it listens on.
 */
export const serveInProcess = async (
  io: FakeIo,
  ...options: string[]
): Promise<{ serving: Promise<number>; listening: Record<string, unknown>; url: string }> => {
  const serving = runCli(['node', 'locus', 'serve', ...options], io);
  const listening = await eventually(
    async () => io.logs().find((line) => line.msg === 'listening'),
    (line) => line !== undefined,
    { timeoutMs: 15_000, intervalMs: 20 },
  );
  return { serving, listening: listening as Record<string, unknown>, url: String(listening?.url) };
};
