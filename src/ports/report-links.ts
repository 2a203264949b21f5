import type { CalendarDate } from '../domain';
import type { ReportFormat } from './report-files';

/** Links that let whoever holds them download one report, until they expire. */
export interface ReportLinks {
  /**
   * A URL serving `date`'s report (its CSV, or its Parquet) without other credentials until
   * `expiresAt` (epoch ms): a signed link to the local server, or an S3 presigned URL.
   */
  linkFor(date: CalendarDate, expiresAt: number, format?: ReportFormat): Promise<string>;
}
