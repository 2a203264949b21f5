import type { CalendarDate, LocationRecord } from '../domain';
import type { ReportDraft } from './report-files';

/** The SQL side (Redshift Spectrum, DuckDB, or a scan in memory) that produces a day's rows. */
export interface ReportQuery {
  /**
   * The date's records, each record id once (the earliest received copy), ordered by `device_id`,
   * `recorded_at`, `record_id`, in chunks. Throws `QUERY_FAILED` or `QUERY_TIMEOUT`.
   */
  rowsFor(date: CalendarDate): AsyncIterable<readonly LocationRecord[]>;
  /**
   * The date's report, those rows in that order, as files ready to publish: the contract's CSV
   * (header row, CRLF, formula-like device ids neutralised) and Parquet with typed columns
   * (`recorded_at`/`received_at` UTC timestamps, measurements doubles, ids text). The caller
   * discards the draft. Throws like `rowsFor`.
   */
  draft(date: CalendarDate): Promise<ReportDraft>;
}
