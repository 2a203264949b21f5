import type { CalendarDate } from '../domain';
import type { ReportContent, ReportFormat } from './report-files';

export { reportKey } from './report-files';

/** One published file of a report. */
export interface PublishedFile {
  /** Where it lives (`download/locations-YYYY-MM-DD.<format>` under the store's root). */
  readonly location: string;
  readonly bytes: number;
}

export interface PublishedReport extends PublishedFile {
  readonly date: CalendarDate;
  /** The Parquet beside the CSV (`location`, `bytes`); absent for a report published without one. */
  readonly parquet?: PublishedFile;
}

/** The files of one report handed to the store: the CSV, and the Parquet beside it. */
export interface ReportFiles {
  readonly csv: ReportContent;
  readonly parquet?: ReportContent;
}

/**
 * The `download/` objects analysts fetch: per date a CSV and a Parquet, each replaced whole and
 * atomically. A file whose bytes fail on the way is abandoned, and so is the rest of the report:
 * nothing of it becomes visible.
 */
export interface ReportStore {
  publish(date: CalendarDate, files: ReportFiles): Promise<PublishedReport>;
  /** A report file's bytes, streamed; `undefined` when the date has none in that format. */
  open(date: CalendarDate, format?: ReportFormat): Promise<AsyncIterable<Uint8Array> | undefined>;
  list(): Promise<readonly PublishedReport[]>;
}
