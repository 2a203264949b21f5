import pino, { type DestinationStream, type Logger } from 'pino';
import { TerminalLines } from './terminal-lines';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** fatal, error, warn, info, debug, trace or silent. */
  readonly level: string;
  /** Where lines go (default: stderr, so that stdout carries only a command's output). */
  readonly stream?: { write(text: string): unknown; isTTY?: boolean };
  /** Human-readable lines instead of JSON; by default when the stream is a terminal. */
  readonly pretty?: boolean;
  /**
   * JSON lines to stderr gathered into writes of about 4 KiB instead of one write per line (the
   * access log, one line per request), and written at least every second; `flush` them at the
   * end. Lines still in the buffer are lost if the process is killed.
   */
  readonly buffered?: boolean;
  /** Where buffered lines go: a file descriptor (stderr's by default). */
  readonly fd?: number;
}

/** A buffered log's lines are written at least this often (ms), so that a quiet server's lines show. */
export const BUFFERED_FLUSH_MS = 1_000;

/** Coordinates never reach a log line, whatever a caller passes. */
const REDACTED_PATHS = ['latitude', 'longitude', '*.latitude', '*.longitude'];

/**
 * The process's structured logger (pino): JSON lines with an ISO time and a level name, or
 * readable lines on a terminal. Writes synchronously, so nothing is lost when the process ends.
 */
export const createLogger = (options: LoggerOptions): Logger => {
  const out = options.stream ?? process.stderr;
  const pretty = options.pretty ?? out.isTTY === true;
  const destination: DestinationStream =
    options.stream === undefined && !pretty
      ? pino.destination(
          // Synchronous writes of 4 KiB: no hand-off to a thread for each one.
          options.buffered === true
            ? { dest: options.fd ?? 2, sync: true, minLength: 4096, periodicFlush: BUFFERED_FLUSH_MS }
            : { dest: 2, sync: true },
        )
      : pretty
        ? new TerminalLines(out, out.isTTY === true)
        : { write: (line: string) => out.write(line) };
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
};
