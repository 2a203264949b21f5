/** How the DuckDB report query splits a large date. */
export interface ReportQueryTuning {
  /** A date whose part files hold more bytes is queried in ranges of device ids of about this size. */
  readonly rangeBytes: number;
}
