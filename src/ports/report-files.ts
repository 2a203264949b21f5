import type { CalendarDate } from '../domain';

/** The formats every report is published in. */
export type ReportFormat = 'csv' | 'parquet';

export const REPORT_FORMATS: readonly ReportFormat[] = ['csv', 'parquet'];

/** The media type a report file is served with. */
export const reportContentType = (format: ReportFormat): string =>
  format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.apache.parquet';

/** The contract's key of a date's report file: `download/locations-YYYY-MM-DD.csv` (or `.parquet`). */
export const reportKey = (date: CalendarDate, format: ReportFormat = 'csv'): string =>
  `download/locations-${date}.${format}`;

/** The bytes of one report file on their way to the report store. */
export interface ReportContent {
  /** The file's bytes (text as UTF-8), read once by the store. */
  readonly bytes: AsyncIterable<Uint8Array | string>;
  /**
   * A complete file on this machine holding the same bytes: a store on the same disk may move it
   * into place instead of reading `bytes`.
   */
  readonly file?: string;
}

/** One file of a report being made: complete, or streamed, but not visible yet. */
export interface DraftFile extends ReportContent {
  /** Rows the file holds (the header not counted); `undefined` until `bytes` was read to the end. */
  rows(): number | undefined;
  /** SHA-256 of the file, hex, when the maker already knows it. */
  readonly checksum?: string;
}

/**
 * A report made by a query, not yet published: one file per format (the Parquet is absent only
 * where no engine can write it, as in a deployed bundle running the memory profile's stand-ins).
 */
export interface ReportDraft {
  readonly files: { readonly csv: DraftFile; readonly parquet?: DraftFile };
  /** Removes whatever the draft still holds in temporary places (after publication or failure). */
  discard(): Promise<void>;
}
