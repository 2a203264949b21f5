import type { CalendarDate, LocationRecord } from '../domain';

/** The SQL side (Redshift Spectrum, DuckDB, or a scan in memory) that produces a day's rows. */
export interface ReportQuery {
  /**
   * The date's records, each record id once (the earliest received copy), ordered by `device_id`,
   * `recorded_at`, `record_id`, in chunks. Throws `QUERY_FAILED` or `QUERY_TIMEOUT`.
   */
  rowsFor(date: CalendarDate): AsyncIterable<readonly LocationRecord[]>;
}
