import type { LocationRecord } from '../location/location-record';
import type { CalendarDate, RecordDateResolver } from '../location/record-date';
import { dedupeRecords } from '../location/record-index';
import { type Command, DomainError, type Event } from '../shared/decider';

/** Records the queue handed out under one lease. */
export interface LeasedRecords {
  readonly receipt: string;
  readonly records: readonly LocationRecord[];
}

export type StoreBatch = Command<
  'StoreBatch',
  { batchId: string; messages: readonly LeasedRecords[]; storedAt: number }
>;

export type BatchStored = Event<
  'BatchStored',
  {
    batchId: string;
    recordCount: number;
    messageCount: number;
    duplicatesDropped: number;
    byDate: Readonly<Record<CalendarDate, number>>;
    storedAt: number;
  }
>;

/**
 * A store run found the queue empty: every record accepted before `startedAt` is in a stored batch
 * (or was already). A date that ended (plus the allowed clock skew) before a drain started has no
 * accepted record left waiting in the queue.
 */
export type QueueDrained = Event<
  'QueueDrained',
  { runId: string; startedAt: number; drainedAt: number; batchId: string | null }
>;

/** What the streams of store runs start with. */
export const STORE_RUNS_PREFIX = 'store-runs-';

/** The stream of the store runs that drained the queue, one per UTC day of their start. */
export const storeRunsStream = (startedAt: number): string =>
  `${STORE_RUNS_PREFIX}${new Date(startedAt).toISOString().slice(0, 10)}`;

/** What the store phase decided: the batch's distinct records and the fact to journal once it is durable. */
export interface StoreDecision {
  readonly records: readonly LocationRecord[];
  readonly event: BatchStored;
}

/**
 * Store: drained messages become one batch of distinct records (the earliest received copy of
 * each record id is kept). Duplicates that span two batches are removed later, by partition.
 */
export const decideStoreBatch = (command: StoreBatch, dates: RecordDateResolver): StoreDecision => {
  const { batchId, messages, storedAt } = command.data;
  if (messages.length === 0) throw new DomainError('EMPTY_BATCH', 'a batch needs at least one message');
  const { unique, duplicates } = dedupeRecords(messages.flatMap((m) => m.records));
  const byDate: Record<CalendarDate, number> = {};
  for (const record of unique) {
    const date = dates.dateOf(record.recordedAt);
    byDate[date] = (byDate[date] ?? 0) + 1;
  }
  return {
    records: unique,
    event: {
      type: 'BatchStored',
      data: {
        batchId,
        recordCount: unique.length,
        messageCount: messages.length,
        duplicatesDropped: duplicates,
        byDate,
        storedAt,
      },
    },
  };
};
