import { DEFAULT_TIME_POLICY, type TimePolicy } from '../domain';

/** What the application services need to know, whatever the profile. */
export interface CoreSettings {
  /** IANA zone whose calendar dates partition the records (`LOCUS_TIMEZONE`). */
  readonly timeZone: string;
  readonly timePolicy: TimePolicy;
  /** Most locations in one request (`{ "locations": [...] }`). */
  readonly maxBatchItems: number;
  readonly store: {
    /** A store run stops draining after this many records (the rest waits for the next run). */
    readonly maxRecords: number;
    /** How long a drained message stays invisible; longer than a store run. */
    readonly leaseMs: number;
    /** Messages asked for per lease call. */
    readonly leaseBatch: number;
  };
  readonly partition: {
    /** A new date gets enough parts (1..64) to keep each under this many records (a part is merged in memory). */
    readonly targetRecordsPerPart: number;
    /** Time to live of the partition lock; renewed while the run goes on. */
    readonly lockTtlMs: number;
    /** Records buffered per spill key before they are written to scratch. */
    readonly spillChunk: number;
  };
  /**
   * Whether a tracking app's fix at exactly (0, 0) is stored (`LOCUS_ALLOW_NULL_ISLAND`); by
   * default it is refused as "null island", the position apps send when they have none.
   */
  readonly allowNullIsland?: boolean;
}

export const DEFAULT_CORE_SETTINGS: CoreSettings = {
  timeZone: 'UTC',
  timePolicy: DEFAULT_TIME_POLICY,
  maxBatchItems: 1000,
  store: { maxRecords: 250_000, leaseMs: 15 * 60_000, leaseBatch: 500 },
  partition: { targetRecordsPerPart: 250_000, lockTtlMs: 10 * 60_000, spillChunk: 4096 },
  allowNullIsland: false,
};
