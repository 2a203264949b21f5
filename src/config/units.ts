const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/**
 * Reads a duration such as `5m`, `30s`, `250ms`, `366d` or `1h30m` as milliseconds; `undefined`
 * when the text is not one (a bare number is refused: its unit would be a guess).
 */
export const parseDuration = (text: string): number | undefined => {
  const compact = text.trim().toLowerCase();
  if (!DURATION.test(compact)) return undefined;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(DURATION_PART)) {
    total += Number(amount) * (DURATION_UNITS[unit ?? 'ms'] ?? 1);
  }
  return Math.round(total);
};

const BYTE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1_000,
  kib: 1_024,
  mb: 1_000_000,
  mib: 1_048_576,
  gb: 1_000_000_000,
  gib: 1_073_741_824,
};

const BYTE_SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/;

/** Reads a size such as `1048576`, `512KiB`, `1MiB` or `2MB` as bytes; `undefined` when it is not one. */
export const parseByteSize = (text: string): number | undefined => {
  const match = BYTE_SIZE.exec(text.trim().toLowerCase());
  const factor = BYTE_UNITS[match?.[2] ?? 'x'];
  if (match === null || factor === undefined) return undefined;
  const bytes = Number(match[1]) * factor;
  return Number.isInteger(bytes) ? bytes : undefined;
};

/** A time of day `HH:MM` (24-hour clock). */
export interface ClockTime {
  readonly hour: number;
  readonly minute: number;
}

const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Reads `HH:MM` (00:00 to 23:59); `undefined` when the text is not such a time. */
export const parseClockTime = (text: string): ClockTime | undefined => {
  const match = CLOCK_TIME.exec(text.trim());
  if (match === null) return undefined;
  return { hour: Number(match[1]), minute: Number(match[2]) };
};

/** A duration in the largest unit that expresses it exactly (`300000` → `5m`). */
export const formatDuration = (ms: number): string => {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = DURATION_UNITS[unit] ?? 1;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
};
