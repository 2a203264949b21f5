import type { LocusEvent } from '../domain';

export interface JournalEntry {
  readonly stream: string;
  readonly event: LocusEvent;
  /** When the journal took the event (epoch ms). */
  readonly recordedAt: number;
}

/**
 * Where phase events are kept, in streams (`batch-<id>`, `partition-<date>`, `report-<date>`,
 * `collection-server`). Idempotency decisions are made by replaying a stream.
 */
export interface EventJournal {
  /** Appends events to the end of a stream, all or none. */
  append(stream: string, events: readonly LocusEvent[]): Promise<void>;
  /** A stream's events in the order they were appended; empty for an unknown stream. */
  readStream(stream: string): Promise<readonly LocusEvent[]>;
  /** The names of the streams that start with `prefix`, sorted. */
  listStreams(prefix: string): Promise<readonly string[]>;
  /** The latest `limit` entries of all streams, oldest first. */
  tail(limit: number): Promise<readonly JournalEntry[]>;
}
