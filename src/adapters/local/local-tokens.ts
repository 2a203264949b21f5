import type { ServiceIdentifier } from 'inversify';
import type { QueueTuning } from './queue-tuning';
import type { ReportQueryTuning } from './report-query-tuning';

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
  /**
   * How much memory DuckDB may hold for a report or an ad-hoc query before it spills to
   * `<dataDir>/tmp/` (`LOCUS_QUERY_MEMORY`, bytes); 192 MB when not given.
   */
  readonly queryMemoryBytes?: number;
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
