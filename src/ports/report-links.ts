import type { CalendarDate } from '../domain';

/** Links that let whoever holds them download one report, until they expire. */
export interface ReportLinks {
  /**
   * A URL serving `date`'s report without other credentials until `expiresAt` (epoch ms): a
   * signed link to the local server, or an S3 presigned URL.
   */
  linkFor(date: CalendarDate, expiresAt: number): Promise<string>;
}
