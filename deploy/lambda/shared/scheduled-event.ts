import type { ScheduledEvent } from 'aws-lambda';

/**
 * What a schedule hands a phase function: an EventBridge `Scheduled Event`, or the input an
 * EventBridge Scheduler target was given (none by default, which arrives as `{}`). The phase
 * functions take nothing from it; they log where the call came from.
 */
export type ScheduleInput = ScheduledEvent | Readonly<Record<string, unknown>> | null | undefined;

/** A short description of the caller, for the log. */
export const scheduleSource = (event: ScheduleInput): string => {
  if (event === null || event === undefined) return 'direct';
  const source = (event as { source?: unknown }).source;
  const time = (event as { time?: unknown }).time;
  if (typeof source === 'string') return typeof time === 'string' ? `${source} at ${time}` : source;
  return 'direct';
};
