import type { CalendarDate } from '../domain';

export interface PublishedReport {
  readonly date: CalendarDate;
  /** Where the report lives (`download/locations-YYYY-MM-DD.csv` under the store's root). */
  readonly location: string;
  readonly bytes: number;
}

/** The `download/` objects analysts fetch: one CSV per date, replaced whole and atomically. */
export interface ReportStore {
  publish(date: CalendarDate, csv: AsyncIterable<string>): Promise<PublishedReport>;
  /** The report's bytes, streamed; `undefined` when the date has no report. */
  open(date: CalendarDate): Promise<AsyncIterable<Uint8Array> | undefined>;
  list(): Promise<readonly PublishedReport[]>;
}

/** The contract's key of a date's report. */
export const reportKey = (date: CalendarDate): string => `download/locations-${date}.csv`;
