import type { ServiceIdentifier } from 'inversify';

/** What the `local` profile needs to know: where its folder tree and databases live. */
export interface LocalAdapterConfig {
  /** The data folder (`LOCUS_DATA_DIR`): `queue.db`, `journal.db`, `work/`, `storage/`, `download/`, `tmp/`. */
  readonly dataDir: string;
  /**
   * Collect garbage after each part written and before each report query, so that a phase's peak
   * memory follows its working set (a nominal day's peak RSS drops by about a quarter for ~1 s more).
   * On in the `locus` command and server; off by default, e.g. in tests.
   */
  readonly reclaimMemory?: boolean;
}

/** Service identifiers of the `local` profile's own values. */
export const LOCAL_TOKENS = {
  Config: Symbol.for('locus.local.Config') as ServiceIdentifier<LocalAdapterConfig>,
  /** Optional: overrides of the queue's group commit settings. */
  QueueTuning: Symbol.for('locus.local.QueueTuning') as ServiceIdentifier<Partial<QueueTuning>>,
  /** Optional: overrides of how the report query splits a large date. */
  ReportQueryTuning: Symbol.for('locus.local.ReportQueryTuning') as ServiceIdentifier<
    Partial<ReportQueryTuning>
  >,
} as const;

/** How the DuckDB report query splits a large date. */
export interface ReportQueryTuning {
  /** A date whose part files hold more bytes is queried in ranges of device ids of about this size. */
  readonly rangeBytes: number;
}

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
