import { writeSync } from 'node:fs';
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
  /** Where lines go, as a file descriptor (stderr's by default) when no `stream` is given. */
  readonly fd?: number;
  /**
   * Told once when lines cannot be written (a closed or full stream), and again only after a
   * write succeeded in between; by default a line on stderr when `fd` is another descriptor.
   * The process keeps running.
   */
  readonly onWriteFailure?: (text: string) => void;
}

/** Lines waiting for a stream that cannot take them are dropped beyond this many bytes. */
export const UNWRITTEN_BYTES_LIMIT = 16 * 2 ** 20;

/**
 * Where a failed log says so by default: stderr, unless stderr is the stream that failed (stdout
 * carries only a command's output, `--json` included, so it is never written to).
 */
const sayOnStderr =
  (failedFd: number) =>
  (text: string): void => {
    if (failedFd === 2) return;
    try {
      writeSync(2, `${text}\n`);
    } catch {
      // Nowhere left to say it.
    }
  };

/**
 * A file descriptor's destination (sonic-boom), synchronous. A failed write is an `error` event
 * on it; handled here, so that neither a log call nor the periodic flush (a timer) throws: the
 * failure is said once, lines wait (up to {@link UNWRITTEN_BYTES_LIMIT}) and the next write retries.
 */
const fdDestination = (options: LoggerOptions): DestinationStream => {
  const destination = pino.destination({
    dest: options.fd ?? 2,
    sync: true,
    maxLength: UNWRITTEN_BYTES_LIMIT,
    ...(options.buffered === true ? { minLength: 4096, periodicFlush: BUFFERED_FLUSH_MS } : {}),
  });
  const say = options.onWriteFailure ?? sayOnStderr(options.fd ?? 2);
  let failing = false;
  destination.on('error', (error: NodeJS.ErrnoException) => {
    if (failing) return;
    failing = true;
    say(`log lines cannot be written (${error.code ?? error.message}); the process goes on without them`);
  });
  destination.on('write', () => {
    failing = false;
  });
  return destination;
};

/** A buffered log's lines are written at least this often (ms), so that a quiet server's lines show. */
export const BUFFERED_FLUSH_MS = 1_000;

let timeMs = Number.NaN;
let timeField = '';

/**
 * pino's `isoTime` (`,"time":"<ISO instant>"`), formatted once per millisecond: a busy server
 * writes a line per request, many in one millisecond, and the formatting was a fifth of a line's cost.
 */
export const isoTime = (): string => {
  const now = Date.now();
  if (now !== timeMs) {
    timeMs = now;
    timeField = `,"time":"${new Date(now).toISOString()}"`;
  }
  return timeField;
};

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
      ? // Synchronous writes (of 4 KiB when buffered): no hand-off to a thread for each one.
        fdDestination(options)
      : pretty
        ? new TerminalLines(out, out.isTTY === true)
        : { write: (line: string) => out.write(line) };
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
};
