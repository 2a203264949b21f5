/** How the SQLite queue groups its commits. */
export interface QueueTuning {
  /**
   * How long the first request of a group waits for others (ms) when no commit is running; 0: only
   * until the I/O events at hand are handled (the requests that arrived together form a group).
   */
  readonly flushIntervalMs: number;
  /** A group is committed at once when it holds this many messages... */
  readonly maxGroupMessages: number;
  /** ...or this many characters of CSV. */
  readonly maxGroupBytes: number;
  /** How long a write waits for another connection's lock before it fails (ms). */
  readonly busyTimeoutMs: number;
  /**
   * A message leased this many times without acknowledgement is quarantined at its next lease, as
   * an SQS redrive policy's `maxReceiveCount` does; unset (the default): never.
   */
  readonly maxReceives?: number;
}
