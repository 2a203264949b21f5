import type { LocationRecord } from '../domain';

/** Records handed out under a lease; `receipt` acknowledges them. */
export interface LeasedMessage {
  readonly receipt: string;
  readonly records: readonly LocationRecord[];
}

export interface QueueDepth {
  /** Messages waiting to be leased. */
  readonly ready: number;
  /** Messages leased and not yet acknowledged. */
  readonly leased: number;
  /** Messages that could not be read, set aside (kept) instead of blocking the queue. */
  readonly quarantined: number;
}

/**
 * Where accepted locations wait for the store phase. At-least-once: a message may be handed out
 * more than once, and is handed out again when its lease expires without acknowledgement.
 */
export interface LocationQueue {
  /**
   * Enqueues the records of one request: as one message, or packed with the records of other
   * requests into shared messages (never spread over more than it needs). Resolves only once they are durable;
   * throws `LocusError('QUEUE_UNAVAILABLE')` when they could not be kept (nothing was accepted).
   */
  enqueue(records: readonly LocationRecord[]): Promise<void>;
  /** Leases up to `maxMessages` messages for `leaseMs`; an empty array when none is ready. */
  lease(maxMessages: number, leaseMs: number): Promise<readonly LeasedMessage[]>;
  /** Removes leased messages for good; unknown or repeated receipts are ignored. */
  acknowledge(receipts: readonly string[]): Promise<void>;
  depth(): Promise<QueueDepth>;
}
