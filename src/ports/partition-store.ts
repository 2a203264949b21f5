import type { CalendarDate, LocationRecord, PartRef } from '../domain';
import { LocusError } from './errors';

/** How one part write ends. */
export interface WritePartOptions {
  /**
   * The fence of the write: called once, after every record was taken from the source, written
   * and made durable, and immediately before the new part becomes visible. When it resolves
   * `false` the write is abandoned (nothing visible changes, the written data is removed) and
   * `writePart` rejects with `LocusError('LOCK_LOST')`; when it throws, the write is abandoned the
   * same way and its error is passed on unchanged. A writer that holds a lease renews it here, so
   * a part is only replaced while the lease is verifiably held.
   */
  readonly commitIf?: () => Promise<boolean>;
}

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
  /**
   * Replaces one part with the given records; readers see the old part or the new one, never a
   * mix. With `options.commitIf`, the part is replaced only if it answers `true` (see
   * {@link WritePartOptions.commitIf}).
   */
  writePart(
    part: PartRef,
    records: AsyncIterable<readonly LocationRecord[]>,
    options?: WritePartOptions,
  ): Promise<{ recordCount: number }>;
}

/**
 * Runs a write's commit check, if it has one: resolves when the part may become visible, fails
 * with `LOCK_LOST` (naming the part's key) when the check answered `false`, and passes on what
 * the check threw. Adapters call it at their commit point.
 */
export const confirmPartCommit = async (
  options: WritePartOptions | undefined,
  key: string,
): Promise<void> => {
  if (options?.commitIf === undefined) return;
  if (!(await options.commitIf())) {
    throw new LocusError(
      'LOCK_LOST',
      `${key} was not replaced: the writer's lease was lost before the part could be made visible`,
    );
  }
};
