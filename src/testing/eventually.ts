export interface EventuallyOptions {
  /** How long to keep probing before failing. */
  readonly timeoutMs?: number;
  /** Pause between two probes. */
  readonly intervalMs?: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Probes until `accept` holds for the probe's value, then returns that value; fails with the last
 * value seen once the deadline has passed. The probe runs at least once.
 */
export const eventually = async <T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 5_000, intervalMs = 50 }: EventuallyOptions = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() >= deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${describe(value)}`);
    }
    await pause(intervalMs);
  }
};

const describe = (value: unknown): string => {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return String(value);
  }
};
