import type { ClockTime } from '../../config/units';

/** How croner runs a job every so often: a pattern, and a minimum interval when no pattern fits. */
export interface RepeatPlan {
  readonly pattern: string;
  /** Seconds between runs, when the pattern alone cannot say it. */
  readonly intervalSeconds?: number;
}

/**
 * A croner pattern that repeats every `ms`: on the clock's round times when the period divides a
 * minute, an hour or a day (`5m` → `0 *\/5 * * * *`, at :00, :05, …), otherwise every second
 * pattern held back by a minimum interval (`7m` → every 420 s from the start).
 */
export const repeatEvery = (ms: number): RepeatPlan => {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60 && 60 % seconds === 0) return { pattern: `*/${seconds} * * * * *` };
  if (seconds % 60 === 0) {
    const minutes = seconds / 60;
    if (minutes < 60 && 60 % minutes === 0) return { pattern: `0 */${minutes} * * * *` };
    if (minutes % 60 === 0) {
      const hours = minutes / 60;
      if (hours < 24 && 24 % hours === 0) return { pattern: `0 0 */${hours} * * *` };
    }
  }
  return { pattern: '* * * * * *', intervalSeconds: seconds };
};

/** The croner pattern of a daily run at a time of day. */
export const dailyAt = (time: ClockTime): string => `0 ${time.minute} ${time.hour} * * *`;
