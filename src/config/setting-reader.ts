import { type ClockTime, parseByteSize, parseClockTime, parseDuration } from './units';

/** Where a variable's value came from, for messages. */
export type Origin = (variable: string) => string;

/**
 * Reads settings one by one from merged variables and collects every problem, each naming the
 * variable, its value and where it came from, so that one error reports them all.
 */
export class SettingReader {
  readonly problems: string[] = [];

  constructor(
    private readonly variables: Readonly<Record<string, string | undefined>>,
    private readonly origin: Origin,
  ) {}

  /** The trimmed value, or `undefined` when unset or blank. */
  raw(variable: string): string | undefined {
    const value = this.variables[variable]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  text(variable: string, fallback: string, pattern?: RegExp, what?: string): string {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    if (pattern !== undefined && !pattern.test(value))
      return this.refuse(variable, value, what ?? 'not valid', fallback);
    return value;
  }

  oneOf<T extends string>(variable: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    if ((choices as readonly string[]).includes(value)) return value as T;
    return this.refuse(variable, value, `not one of ${choices.join(', ')}`, fallback);
  }

  integer(variable: string, fallback: number, min: number, max: number): number {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    const number = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(number) || number < min || number > max) {
      return this.refuse(variable, value, `not a whole number from ${min} to ${max}`, fallback);
    }
    return number;
  }

  /** A duration (`30s`, `5m`, `366d`) in milliseconds, within `[minMs, maxMs]`. */
  duration(variable: string, fallbackMs: number, minMs: number, maxMs: number, bounds: string): number {
    const value = this.raw(variable);
    if (value === undefined) return fallbackMs;
    const ms = parseDuration(value);
    if (ms === undefined)
      return this.refuse(variable, value, 'not a duration such as 30s, 5m, 12h or 7d', fallbackMs);
    if (ms < minMs || ms > maxMs) return this.refuse(variable, value, `out of range (${bounds})`, fallbackMs);
    return ms;
  }

  /** A size in bytes (`1048576`, `512KiB`, `1MiB`), within `[min, max]`. */
  bytes(variable: string, fallback: number, min: number, max: number, bounds: string): number {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    const bytes = parseByteSize(value);
    if (bytes === undefined)
      return this.refuse(variable, value, 'not a size such as 1048576, 512KiB or 1MiB', fallback);
    if (bytes < min || bytes > max) return this.refuse(variable, value, `out of range (${bounds})`, fallback);
    return bytes;
  }

  clockTime(variable: string, fallback: ClockTime): ClockTime {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    return (
      parseClockTime(value) ??
      this.refuse(variable, value, 'not a time of day HH:MM (00:00 to 23:59)', fallback)
    );
  }

  timeZone(variable: string, fallback: string): string {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    } catch {
      return this.refuse(
        variable,
        value,
        'not an IANA time zone such as UTC, Europe/Paris or Asia/Tokyo',
        fallback,
      );
    }
  }

  /** Notes a problem with a variable; returns `fallback` so that reading goes on. */
  refuse<T>(variable: string, value: string, reason: string, fallback: T): T {
    this.problems.push(`${variable} "${value}"${this.origin(variable)} is ${reason}`);
    return fallback;
  }
}
