import type { CalendarDate } from '../location/record-date';
import { type Command, type Decider, DomainError, type Event } from '../shared/decider';

/** One object of a date's partition: part `index` of `of`. */
export interface PartRef {
  readonly date: CalendarDate;
  readonly index: number;
  readonly of: number;
}

/** A date is split into 1, 2, 4, 8 or 16 parts, never more. */
export const MAX_PARTS = 16;

/**
 * Which part of its date a record belongs to. The record id's first hex digit decides, so a
 * record lives in exactly one part for as long as the date keeps its number of parts: rewriting
 * one part can never duplicate or drop a record held by another.
 */
export const partIndexOf = (recordId: string, of: number): number => {
  if (of < 1 || of > MAX_PARTS || (of & (of - 1)) !== 0) {
    throw new DomainError('INVALID_PART_COUNT', `a date has 1, 2, 4, 8 or 16 parts, not ${of}`);
  }
  return Number.parseInt(recordId[0] ?? '0', 16) % of;
};

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
    recordCount: number;
    added: number;
    duplicatesDropped: number;
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
    recordCount: number;
    added: number;
    duplicatesDropped: number;
    batchIds: readonly string[];
    writtenAt: number;
  }
>;

export interface PartitionState {
  /** How many times the date's partition changed; 0 before it exists. */
  readonly revision: number;
  readonly parts: number;
  readonly recordCount: number;
}

/** One date's partition: every write that changed it is a new revision. */
export const partitionDecider: Decider<PartitionState, RecordPartitionWritten, PartitionWritten> = {
  initialState: () => ({ revision: 0, parts: 0, recordCount: 0 }),
  decide: (command, state) => {
    const { at, ...data } = command.data;
    if (state.parts !== 0 && data.parts !== state.parts) {
      throw new DomainError(
        'PART_COUNT_CHANGED',
        `partition ${data.date} has ${state.parts} parts and cannot be rewritten with ${data.parts}`,
      );
    }
    if (data.added === 0 && state.revision > 0) return [];
    return [{ type: 'PartitionWritten', data: { ...data, revision: state.revision + 1, writtenAt: at } }];
  },
  evolve: (_state, event) => ({
    revision: event.data.revision,
    parts: event.data.parts,
    recordCount: event.data.recordCount,
  }),
};

/** The journal stream of one date's partition. */
export const partitionStream = (date: CalendarDate): string => `partition-${date}`;
