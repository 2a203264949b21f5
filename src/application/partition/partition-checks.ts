import type { CalendarDate, PartRef } from '../../domain';
import { isLocusError, LocusError } from '../../ports';

/** The error of a run that could not rewrite some dates: it names their files and what was held back. */
export const unreadableDates = (
  unreadable: ReadonlyMap<CalendarDate, LocusError>,
  heldBatches: number,
): LocusError => {
  const reasons = [...unreadable.values()].map((error) => error.message).join('; ');
  const mismatch = [...unreadable.values()].every((error) => error.code === 'PARTITION_MISMATCH');
  return new LocusError(
    mismatch ? 'PARTITION_MISMATCH' : 'CORRUPT_OBJECT',
    `${unreadable.size} date(s) not partitioned, a part could not be read or does not hold what the journal says: ` +
      `${reasons}. The file is left as it is and the ${heldBatches} batch(es) holding records of these dates stay ` +
      'pending; repair or restore the file (or finish the purge that changed it) and run partition again. ' +
      'Every other date was partitioned.',
  );
};

/** Whether a date's failure leaves the other dates to go on: a part that cannot be read or was altered. */
export const failsOneDate = (error: unknown): error is LocusError =>
  isLocusError(error, 'CORRUPT_OBJECT') || isLocusError(error, 'PARTITION_MISMATCH');

/** A batch's records of each date, from one spill run's counts before and after it. */
export const countsAdded = (
  before: ReadonlyMap<CalendarDate, number>,
  after: ReadonlyMap<CalendarDate, number>,
): Map<CalendarDate, number> =>
  new Map(
    [...after]
      .map(([date, count]): [CalendarDate, number] => [date, count - (before.get(date) ?? 0)])
      .filter(([, count]) => count > 0),
  );

/** How a batch's records by date differ from what its `BatchStored` says; `null` when they agree. */
export const byDateDifference = (
  read: ReadonlyMap<CalendarDate, number>,
  stored: Readonly<Record<CalendarDate, number>>,
): string | null => {
  const dates = new Set([...read.keys(), ...Object.keys(stored)]);
  const differences = [...dates]
    .sort()
    .filter((date) => (read.get(date) ?? 0) !== (stored[date] ?? 0))
    .map((date) => `${date}: ${read.get(date) ?? 0} read, ${stored[date] ?? 0} stored`);
  return differences.length === 0 ? null : differences.join(', ');
};

/**
 * A part must still hold at least the records the journal counted in it (more is fine: a write
 * that a crash kept from being journalled); fewer means it was shortened outside Locus.
 */
export const checkExisting = (part: PartRef, existing: number, journalled: number): void => {
  if (existing < journalled) {
    throw new LocusError(
      'PARTITION_MISMATCH',
      `storage/dt=${part.date} part ${part.index + 1} of ${part.of} holds ${existing} records where the journal ` +
        `counts ${journalled}: it was shortened or replaced outside Locus, or a purge stopped half way`,
    );
  }
};
