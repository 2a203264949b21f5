import type { ReportCatalog } from '../../../application/status';
import type { CalendarDate } from '../../../domain';
import { type DayTracks, DEFAULT_TRACK_LIMITS, readDayTracks, type TrackLimits } from './day-tracks';

/** Days whose tracks are kept. */
const KEPT = 4;

/**
 * The tracks of the days last opened, read again only when the report changed (its size, rows
 * or revision): the map of a day is asked for by every filter change and reload, and reading a
 * large report takes a while. Two asks of the same day share one reading.
 */
export class DayTracksCache {
  private readonly kept = new Map<string, Promise<DayTracks | undefined>>();

  constructor(
    private readonly reports: Pick<ReportCatalog, 'list' | 'open'>,
    private readonly limits: TrackLimits = DEFAULT_TRACK_LIMITS,
  ) {}

  /** The day's tracks; `undefined` when it has no report. */
  async get(date: CalendarDate): Promise<DayTracks | undefined> {
    const listing = (await this.reports.list()).find((report) => report.date === date);
    if (listing === undefined) return undefined;
    const key = `${date}|${listing.bytes}|${listing.rows}|${listing.reportedRevision}`;
    let tracks = this.kept.get(key);
    if (tracks === undefined) {
      tracks = this.read(date);
      this.kept.set(key, tracks);
      tracks.catch(() => this.kept.delete(key));
      while (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value as string);
    }
    return tracks;
  }

  private async read(date: CalendarDate): Promise<DayTracks | undefined> {
    const body = await this.reports.open(date);
    return body === undefined ? undefined : readDayTracks(body, this.limits);
  }
}
