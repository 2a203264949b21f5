import type { CalendarDate, PartRef } from '../domain';
import type { BatchStore } from './batch-store';
import type { LocusError } from './errors';
import type { PartitionStore, WritePartOptions } from './partition-store';

/** What staging a run's batches found. */
export interface StagedBatches {
  /** Per batch, its records counted by date, or why it could not be read whole (`CORRUPT_OBJECT`). */
  readonly batches: ReadonlyMap<string, ReadonlyMap<CalendarDate, number> | LocusError>;
  /** Records staged per date, over every batch (records of an unreadable batch read before the damage too). */
  readonly countsByDate: ReadonlyMap<CalendarDate, number>;
}

/** How one part's merge went. */
export interface PartMerged {
  /** Records new to the part. */
  readonly added: number;
  /** Staged copies dropped because the part already held the record id (or it was staged twice). */
  readonly duplicatesDropped: number;
  /** Records in the part after the merge. */
  readonly total: number;
}

/** One partition run's bulk work: its batches staged, then merged into the parts of their dates. */
export interface RefileArea {
  /** Reads the batches (pending `work/` objects) into the run's staging area, records by date and part. */
  stage(batchIds: readonly string[]): Promise<StagedBatches>;
  /**
   * Replaces one part with its records merged with the staged records of the part: one copy per
   * record id, the earliest received kept. `checkExisting` gets the count of the part's records
   * before anything is written and may throw to leave the part as it is; `options.commitIf`
   * fences the write as in {@link PartitionStore.writePart}. `null` when nothing staged falls in
   * the part (the part is left alone). An existing part that cannot be read fails with `CORRUPT_OBJECT`.
   */
  mergePart(
    part: PartRef,
    checkExisting: (existing: number) => void,
    options: WritePartOptions,
  ): Promise<PartMerged | null>;
  /** Frees the staging area. */
  dispose(): Promise<void>;
}

/** What a run re-files: from these stores, dating records in this IANA time zone. */
export interface RefileContext {
  readonly timeZone: string;
  readonly batches: BatchStore;
  readonly partitions: PartitionStore;
}

/**
 * Re-files a partition run's batches in bulk, with an engine of its own. `open` answers `null`
 * when it cannot serve the stores the run uses (the partition phase then streams the records
 * through its scratch space itself).
 */
export interface PartitionRefiler {
  open(name: string, context: RefileContext): Promise<RefileArea | null>;
}
