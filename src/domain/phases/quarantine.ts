import type { Event } from '../shared/decider';

/**
 * Messages that had been set aside (the dead-letter queue, the local quarantine table) were put
 * back on the queue by an operator: the next store run stores their records.
 */
export type QuarantineRedriven = Event<
  'QuarantineRedriven',
  {
    /** The quarantine ids of the messages moved back. */
    readonly ids: readonly string[];
    readonly messages: number;
    readonly records: number;
    readonly at: number;
  }
>;

/** A batch the partition phase had set aside (unreadable) was repaired and put back among the pending ones. */
export type QuarantinedBatchRestored = Event<
  'QuarantinedBatchRestored',
  {
    readonly batchId: string;
    readonly at: number;
  }
>;

export type QuarantineEvent = QuarantineRedriven | QuarantinedBatchRestored;

/** The journal stream of redrives (one stream, so that audits and `locus status` can list them). */
export const QUARANTINE_STREAM = 'quarantine';
