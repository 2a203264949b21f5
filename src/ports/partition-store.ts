import type { CalendarDate, LocationRecord, PartRef } from '../domain';

/**
 * The `storage/dt=YYYY-MM-DD/` partitions, the table that reports are queried from. Each date is
 * held in a fixed number of part objects; each part is replaced whole and atomically.
 */
export interface PartitionStore {
  /** Dates that have at least one part, ascending. */
  listDates(): Promise<readonly CalendarDate[]>;
  /** The parts of one date, by index; empty when the date has none. */
  listParts(date: CalendarDate): Promise<readonly PartRef[]>;
  /** One part's records in chunks; nothing when the part does not exist. */
  readPart(part: PartRef): AsyncIterable<readonly LocationRecord[]>;
  /** Replaces one part with the given records; readers see the old part or the new one, never a mix. */
  writePart(
    part: PartRef,
    records: AsyncIterable<readonly LocationRecord[]>,
  ): Promise<{ recordCount: number }>;
}
