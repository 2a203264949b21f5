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

/** A message set aside (a dead-letter queue, the local quarantine table) instead of being stored. */
export interface QuarantinedMessage {
  /** What `redrive` takes to bring this message back (the dead-letter message id, the table row). */
  readonly id: string;
  /** Why it was set aside: what could not be read, or how often it was leased without acknowledgement. */
  readonly reason: string;
  /** When it was set aside (epoch ms); for a message SQS moved itself, when it was first sent. */
  readonly quarantinedAt: number;
  /** Records it holds when it can be read; `null` when it cannot (a redrive leaves it where it is). */
  readonly records: number | null;
  /** A short look at the message without coordinates: device ids and times, or masked text. */
  readonly preview: string;
}

/** What a redrive did: messages moved back to the queue, and what it left where it was. */
export interface RedriveOutcome {
  /** Ids of the messages moved back to the queue (to be stored by the next store run). */
  readonly redriven: readonly string[];
  /** Records those messages hold. */
  readonly records: number;
  /** Messages that cannot be read: kept in quarantine, with why. */
  readonly unreadable: readonly QuarantinedMessage[];
  /** Ids asked for that are not in quarantine (already redriven, or never there). */
  readonly notFound: readonly string[];
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
  /** The messages set aside, oldest first. */
  quarantine(): Promise<readonly QuarantinedMessage[]>;
  /**
   * Moves quarantined messages (those of `ids`, else all) back to the queue, ready at once. A
   * message that cannot be read stays and is reported as such. A crash part way may leave a
   * message both back and still quarantined: redriving it again only makes a duplicate, which the
   * partition phase drops.
   */
  redrive(ids?: readonly string[]): Promise<RedriveOutcome>;
}
