/** Pauses for `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The pause before retry `attempt` (1-based): exponential from `baseMs`, capped at `maxMs`, with
 * "equal jitter" (half fixed, half random) so that callers that failed together retry apart.
 */
export const jitteredDelay = (
  attempt: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number => {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
};
