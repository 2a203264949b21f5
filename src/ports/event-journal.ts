import type { ExpectedStreamVersion, LocusEvent } from '../domain';

export interface JournalEntry {
  readonly stream: string;
  readonly event: LocusEvent;
  /** When the journal took the event (epoch ms). */
  readonly recordedAt: number;
}

/** A stream as read: its events in order and its version (how many events it holds; 0 when none). */
export interface StreamRead {
  readonly events: readonly LocusEvent[];
  readonly version: number;
}

/** What an append left: the stream's version after it, the one to expect on the next append. */
export interface AppendResult {
  readonly nextExpectedVersion: number;
}

/** One stream's part of an append to several streams at once. */
export interface StreamAppend {
  readonly stream: string;
  readonly events: readonly LocusEvent[];
  readonly expectedVersion: ExpectedStreamVersion;
}

/**
 * The source of truth of the pipeline: what happened, in streams (`batch-<id>`, `partition-<date>`,
 * `report-<date>`, `store-runs-<day>`, `accepted-<date>`, `collection-server`, `purge`). Every
 * decision is made by folding a stream and appended at the version it was made on: an append whose
 * expected version no longer holds fails with `VERSION_CONFLICT` and changes nothing.
 */
export interface EventJournal {
  /**
   * Appends events to the end of a stream, all or none, when the stream is at `expectedVersion`;
   * otherwise throws `LocusError('VERSION_CONFLICT')`. Appending no event checks nothing.
   */
  append(
    stream: string,
    events: readonly LocusEvent[],
    expectedVersion: ExpectedStreamVersion,
  ): Promise<AppendResult>;
  /**
   * Optional: appends to several streams at once, all or none, in the order given (a stream named
   * twice sees its first part appended when its second is checked). When any expected version does
   * not hold, throws `LocusError('VERSION_CONFLICT')` and changes nothing. One commit where the
   * journal has them; the results are those of each part, in order.
   */
  appendAll?(appends: readonly StreamAppend[]): Promise<readonly AppendResult[]>;
  /** A stream's events in the order they were appended, with its version; empty for an unknown stream. */
  readStream(stream: string): Promise<StreamRead>;
  /** The names of the streams that start with `prefix`, sorted. */
  listStreams(prefix: string): Promise<readonly string[]>;
  /**
   * Optional: every stream that starts with `prefix`, read at once, by name in sorted order: what
   * `listStreams` and then `readStream` of each give, in one query or one listing where the journal
   * can (the pipeline view reads every batch stream this way).
   */
  readStreams?(prefix: string): Promise<ReadonlyMap<string, StreamRead>>;
  /** The latest `limit` entries of all streams, oldest first. */
  tail(limit: number): Promise<readonly JournalEntry[]>;
}

/** {@link EventJournal.readStreams} made of `listStreams` and `readStream`, for a journal without it. */
export const readEachStream = async (
  journal: Pick<EventJournal, 'listStreams' | 'readStream'>,
  prefix: string,
): Promise<ReadonlyMap<string, StreamRead>> => {
  const read = new Map<string, StreamRead>();
  for (const stream of await journal.listStreams(prefix)) read.set(stream, await journal.readStream(stream));
  return read;
};
