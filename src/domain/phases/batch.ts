import type { CalendarDate } from '../location/record-date';
import { type Command, type Decider, DomainError, type Event } from '../shared/decider';
import type { BatchStored } from './store';

export type RecordBatchStored = Command<'RecordBatchStored', BatchStored['data']>;
export type MarkBatchPartitioned = Command<
  'MarkBatchPartitioned',
  { batchId: string; runId: string; at: number }
>;
export type QuarantineBatch = Command<'QuarantineBatch', { batchId: string; reason: string; at: number }>;
export type RestoreBatch = Command<'RestoreBatch', { batchId: string; at: number }>;
export type BatchCommand = RecordBatchStored | MarkBatchPartitioned | QuarantineBatch | RestoreBatch;

export type BatchPartitioned = Event<
  'BatchPartitioned',
  { batchId: string; runId: string; partitionedAt: number }
>;
/** A batch object could not be read whole: it was set aside, its records wait for a repair. */
export type BatchQuarantined = Event<
  'BatchQuarantined',
  { batchId: string; reason: string; quarantinedAt: number }
>;
/** A quarantined batch was repaired and put back among the pending ones. */
export type BatchRestored = Event<'BatchRestored', { batchId: string; restoredAt: number }>;
export type BatchEvent = BatchStored | BatchPartitioned | BatchQuarantined | BatchRestored;

export type BatchState =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'stored';
      readonly recordCount: number;
      readonly byDate: Readonly<Record<CalendarDate, number>>;
    }
  | { readonly status: 'partitioned'; readonly recordCount: number; readonly runId: string }
  | {
      readonly status: 'quarantined';
      readonly recordCount: number;
      readonly byDate: Readonly<Record<CalendarDate, number>>;
      readonly reason: string;
    };

/** One batch's life: stored once, then partitioned once (or quarantined when unreadable); repeating changes nothing. */
export const batchDecider: Decider<BatchState, BatchCommand, BatchEvent> = {
  initialState: () => ({ status: 'unknown' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'RecordBatchStored':
        return state.status === 'unknown' ? [{ type: 'BatchStored', data: command.data }] : [];
      case 'QuarantineBatch':
        if (state.status === 'quarantined' || state.status === 'partitioned') return [];
        return [
          {
            type: 'BatchQuarantined',
            data: {
              batchId: command.data.batchId,
              reason: command.data.reason,
              quarantinedAt: command.data.at,
            },
          },
        ];
      case 'RestoreBatch':
        if (state.status !== 'quarantined') return [];
        return [
          { type: 'BatchRestored', data: { batchId: command.data.batchId, restoredAt: command.data.at } },
        ];
      case 'MarkBatchPartitioned':
        if (state.status === 'partitioned') return [];
        return [
          {
            type: 'BatchPartitioned',
            data: {
              batchId: command.data.batchId,
              runId: command.data.runId,
              partitionedAt: command.data.at,
            },
          },
        ];
      default:
        throw new DomainError('UNKNOWN_COMMAND', 'unknown batch command');
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'BatchStored':
        return { status: 'stored', recordCount: event.data.recordCount, byDate: event.data.byDate };
      case 'BatchQuarantined':
        return {
          status: 'quarantined',
          recordCount: state.status === 'unknown' ? 0 : state.recordCount,
          byDate: state.status === 'stored' || state.status === 'quarantined' ? state.byDate : {},
          reason: event.data.reason,
        };
      case 'BatchRestored':
        return state.status === 'quarantined'
          ? { status: 'stored', recordCount: state.recordCount, byDate: state.byDate }
          : state;
      case 'BatchPartitioned':
        return {
          status: 'partitioned',
          recordCount: state.status === 'unknown' ? 0 : state.recordCount,
          runId: event.data.runId,
        };
      default:
        return state;
    }
  },
};

/** The journal stream of one batch. */
export const batchStream = (batchId: string): string => `batch-${batchId}`;
