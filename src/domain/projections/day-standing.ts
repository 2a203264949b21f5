import type { CalendarDate } from '../location/record-date';
import { formatInstant } from '../location/timestamp';
import { type PipelineView, pendingRecordsByDate, quarantinedRecordsByDate } from './pipeline-view';

/**
 * - `current`: the published report holds every record the date can have so far;
 * - `stale`: something is waiting (listed), so the report is missing records or not made yet;
 * - `empty`: the date has no record and nothing can be waiting for it.
 */
export type DayState = 'current' | 'stale' | 'empty';

export interface DayStanding {
  readonly date: CalendarDate;
  readonly state: DayState;
  /** What keeps the date from being current, in words (empty when it is not stale). */
  readonly waiting: readonly string[];
}

export interface StandingClock {
  /** When the date ends in the configured zone (epoch ms). */
  readonly dateEnd: number;
  /** How far ahead of its receipt a record may be stamped (the allowed clock skew). */
  readonly skewMs: number;
}

/**
 * Where a date stands. It is current only when no accepted record for it can still be waiting: every
 * stored batch holding records of it is filed, a store run that began after the date ended (plus the
 * allowed skew) found the queue empty, no record of it was accepted after that run began, and the
 * report was made from the latest partition revision with one row per partitioned record.
 */
export const dayStanding = (view: PipelineView, date: CalendarDate, clock: StandingClock): DayStanding => {
  const day = view.dates.get(date);
  const waiting: string[] = [];
  const pending = pendingRecordsByDate(view).get(date) ?? 0;
  if (pending > 0) waiting.push(`${pending} record(s) in stored batches wait for the partition phase`);
  const quarantined = quarantinedRecordsByDate(view).get(date) ?? 0;
  if (quarantined > 0) {
    waiting.push(
      `${quarantined} record(s) are in quarantined batches (unreadable; those read before the damage were filed): ` +
        'repair the file and bring it back with `locus quarantine redrive`',
    );
  }
  const drain = view.lastDrain;
  if (drain === null || drain.startedAt < clock.dateEnd + clock.skewMs) {
    waiting.push(
      'no store run has drained the queue since the day ended' +
        (drain === null ? '' : ` (the last began ${formatInstant(drain.startedAt)})`),
    );
  } else if (day?.lastAcceptedAt != null && day.lastAcceptedAt >= drain.startedAt) {
    waiting.push(
      `records accepted at ${formatInstant(day.lastAcceptedAt)} wait in the queue for a store run`,
    );
  }
  const partition = day?.partition;
  const report = day?.report;
  if (report?.rejected != null) waiting.push(`the last report run was refused: ${report.rejected.reason}`);
  if (partition !== undefined && partition.recordCount > 0 && (report?.publishedAt ?? null) === null) {
    waiting.push('not reported yet');
  } else if (report !== undefined && report.publishedAt !== null && partition !== undefined) {
    if (report.partitionRevision !== partition.revision) {
      waiting.push(
        `the report was made from partition revision ${report.partitionRevision}; the partition is at ${partition.revision}`,
      );
    } else if (report.rowCount !== partition.recordCount) {
      waiting.push(
        `the report has ${report.rowCount} rows where the partition holds ${partition.recordCount}`,
      );
    }
  }
  if (waiting.length > 0) return { date, state: 'stale', waiting };
  return { date, state: (partition?.recordCount ?? 0) === 0 ? 'empty' : 'current', waiting };
};
