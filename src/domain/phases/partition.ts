import type { CalendarDate } from '../location/record-date';
import { type Command, type Decider, DomainError, type Event } from '../shared/decider';

/** One object of a date's partition: part `index` of `of`. */
export interface PartRef {
  readonly date: CalendarDate;
  readonly index: number;
  readonly of: number;
}

/** A date is split into 1, 2, 4, … or 64 parts, never more. */
export const MAX_PARTS = 64;

const isPartCount = (of: number): boolean => of >= 1 && of <= MAX_PARTS && (of & (of - 1)) === 0;

/**
 * Which part of its date a record belongs to. The record id's first two hex digits decide (the
 * top bits of 0–255), so a record lives in exactly one part for as long as the date keeps its
 * number of parts: rewriting one part can never duplicate or drop a record held by another.
 */
export const partIndexOf = (recordId: string, of: number): number => {
  if (!isPartCount(of)) {
    throw new DomainError('INVALID_PART_COUNT', `a date has 1, 2, 4, 8, 16, 32 or 64 parts, not ${of}`);
  }
  return Math.floor((Number.parseInt(recordId.slice(0, 2), 16) * of) / 256);
};

/** Whether records whose id starts with hex digit `digit` can belong to part `index` of `of`. */
export const digitReachesPart = (digit: number, index: number, of: number): boolean =>
  of <= 16 ? Math.floor((digit * of) / 16) === index : Math.floor((index * 16) / of) === digit;

/**
 * How many parts a new date gets: the fewest (a power of two, at most {@link MAX_PARTS}) that keep
 * each under `targetRecordsPerPart`. A date keeps its number of parts once written.
 */
export const choosePartCount = (expectedRecords: number, targetRecordsPerPart: number): number => {
  let parts = 1;
  while (parts < MAX_PARTS && expectedRecords / parts > targetRecordsPerPart) parts *= 2;
  return parts;
};

export type RecordPartitionWritten = Command<
  'RecordPartitionWritten',
  {
    date: CalendarDate;
    runId: string;
    parts: number;
    /** Records in each part after the write; `null` for a part this write did not touch. */
    partCounts: readonly (number | null)[];
    added: number;
    duplicatesDropped: number;
    /**
     * Records of the date read from the batches filed by this write; every one of them is either
     * added or dropped as a duplicate. `null` for a write that filed no batch (a purge).
     */
    recordsIn: number | null;
    batchIds: readonly string[];
    at: number;
  }
>;

export type PartitionWritten = Event<
  'PartitionWritten',
  {
    date: CalendarDate;
    runId: string;
    revision: number;
    parts: number;
    /** Records in each part after the write. */
    partCounts: readonly number[];
    recordCount: number;
    added: number;
    duplicatesDropped: number;
    /** Records read from the filed batches (absent in writes journalled before it was kept; `null` for a purge). */
    recordsIn?: number | null;
    batchIds: readonly string[];
    writtenAt: number;
  }
>;

export interface PartitionState {
  /** How many times the date's partition changed; 0 before it exists. */
  readonly revision: number;
  readonly parts: number;
  readonly partCounts: readonly number[];
  readonly recordCount: number;
}

/**
 * One date's partition: every write is a new revision (a report made from an older revision is
 * stale). A write that touched no part changes nothing; a merge whose records in do not equal
 * records added plus duplicates dropped is refused (`PARTITION_MISMATCH`).
 */
export const partitionDecider: Decider<PartitionState, RecordPartitionWritten, PartitionWritten> = {
  initialState: () => ({ revision: 0, parts: 0, partCounts: [], recordCount: 0 }),
  decide: (command, state) => {
    const { at, partCounts, ...data } = command.data;
    if (state.parts !== 0 && data.parts !== state.parts) {
      throw new DomainError(
        'PART_COUNT_CHANGED',
        `partition ${data.date} has ${state.parts} parts and cannot be rewritten with ${data.parts}`,
      );
    }
    if (partCounts.length !== data.parts) {
      throw new DomainError(
        'PART_COUNTS_MISMATCH',
        `expected ${data.parts} part counts, got ${partCounts.length}`,
      );
    }
    if (data.recordsIn !== null && data.recordsIn !== data.added + data.duplicatesDropped) {
      throw new DomainError(
        'PARTITION_MISMATCH',
        `partition ${data.date}: ${data.recordsIn} records were read from the batches, but ` +
          `${data.added} were added and ${data.duplicatesDropped} dropped as duplicates`,
      );
    }
    if (partCounts.every((count) => count === null)) return [];
    const counts = partCounts.map((count, i) => count ?? state.partCounts[i] ?? 0);
    const recordCount = counts.reduce((sum, count) => sum + count, 0);
    return [
      {
        type: 'PartitionWritten',
        data: { ...data, partCounts: counts, recordCount, revision: state.revision + 1, writtenAt: at },
      },
    ];
  },
  evolve: (_state, event) => ({
    revision: event.data.revision,
    parts: event.data.parts,
    partCounts: event.data.partCounts,
    recordCount: event.data.recordCount,
  }),
};

/** The journal stream of one date's partition. */
export const partitionStream = (date: CalendarDate): string => `partition-${date}`;
