import { format } from 'node:util';

const LEVEL_COLORS: Readonly<Record<string, string>> = {
  fatal: '\u001b[35m',
  error: '\u001b[31m',
  warn: '\u001b[33m',
  info: '\u001b[32m',
  debug: '\u001b[36m',
  trace: '\u001b[90m',
};
const RESET = '\u001b[0m';

const shown = (value: unknown): string =>
  typeof value === 'string' ? (/\s/.test(value) ? JSON.stringify(value) : value) : format('%j', value);

/**
 * A pino destination for people: turns each JSON log line into `12:00:00 info  message key=value`,
 * with the level in colour when `colors` is set.
 */
export class TerminalLines {
  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly colors: boolean,
  ) {}

  write(line: string): void {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.out.write(line);
      return;
    }
    const { time, level, msg, err, ...rest } = entry;
    const clock =
      typeof time === 'string' ? time.slice(11, 19) : new Date(Number(time)).toISOString().slice(11, 19);
    const label = String(level).padEnd(5);
    const painted = this.colors ? `${LEVEL_COLORS[String(level)] ?? ''}${label}${RESET}` : label;
    const fields = Object.entries(rest)
      .map(([key, value]) => `${key}=${shown(value)}`)
      .join(' ');
    let text = `${clock} ${painted} ${String(msg ?? '')}${fields === '' ? '' : ` ${fields}`}\n`;
    if (err !== undefined && typeof err === 'object' && err !== null) {
      const stack = (err as { stack?: unknown }).stack ?? (err as { message?: unknown }).message;
      text += `${String(stack)}\n`;
    }
    this.out.write(text);
  }
}
