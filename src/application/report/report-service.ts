import { inject, injectable } from 'inversify';
import {
  type CalendarDate,
  calendarDate,
  encodeReportCsv,
  isReportCurrent,
  LOCATION_CSV_HEADER,
  partitionDecider,
  partitionStream,
  reportDecider,
  reportStream,
} from '../../domain';
import type { Clock, EventJournal, ReportQuery, ReportStore } from '../../ports';
import { decideAndAppend, loadState } from '../shared/journal-streams';
import { TOKENS } from '../tokens';

export interface ReportOutcome {
  readonly date: CalendarDate;
  readonly rowCount: number;
  readonly location: string;
  readonly bytes: number;
  /** The partition revision the report was made from. */
  readonly partitionRevision: number;
}

/** How a date's report stands against its partition. */
export interface ReportStanding {
  readonly date: CalendarDate;
  readonly partitionRevision: number;
  readonly reportedRevision: number | null;
  readonly current: boolean;
}

const LINE_END = '\r\n';

/**
 * Report: queries one date's records and publishes them as the contract's CSV (RFC 4180, header
 * row, CRLF) to `download/locations-YYYY-MM-DD.csv`. The rows come sorted and de-duplicated, so
 * running it again over the same partition gives a byte-identical file.
 */
@injectable()
export class ReportService {
  constructor(
    @inject(TOKENS.ReportQuery) private readonly query: ReportQuery,
    @inject(TOKENS.ReportStore) private readonly reports: ReportStore,
    @inject(TOKENS.EventJournal) private readonly journal: EventJournal,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async run(date: CalendarDate): Promise<ReportOutcome> {
    calendarDate(date);
    // The revision is read before the rows: if a partition write lands meanwhile, the report is
    // marked as made from the older revision and counts as stale until it is made again.
    const partition = await loadState(this.journal, partitionDecider, partitionStream(date));
    let rowCount = 0;
    const query = this.query;
    async function* csv(): AsyncGenerator<string> {
      yield LOCATION_CSV_HEADER + LINE_END;
      for await (const chunk of query.rowsFor(date)) {
        let text = '';
        for (const record of chunk) text += encodeReportCsv(record) + LINE_END;
        rowCount += chunk.length;
        yield text;
      }
    }
    const published = await this.reports.publish(date, csv());
    await decideAndAppend(this.journal, reportDecider, reportStream(date), {
      type: 'PublishReport',
      data: {
        date,
        rowCount,
        partitionRevision: partition.revision,
        location: published.location,
        at: this.clock.now(),
      },
    });
    return {
      date,
      rowCount,
      location: published.location,
      bytes: published.bytes,
      partitionRevision: partition.revision,
    };
  }

  /** How the report of one date stands: current when made from the partition's latest revision. */
  async standing(date: CalendarDate): Promise<ReportStanding> {
    const partition = await loadState(this.journal, partitionDecider, partitionStream(date));
    const report = await loadState(this.journal, reportDecider, reportStream(date));
    return {
      date,
      partitionRevision: partition.revision,
      reportedRevision: report.partitionRevision,
      current: isReportCurrent(report, partition),
    };
  }

  /** Dates whose published report no longer matches their partition (late data arrived since). */
  async staleDates(): Promise<CalendarDate[]> {
    const stale: CalendarDate[] = [];
    for (const stream of await this.journal.listStreams('report-')) {
      const date = stream.slice('report-'.length);
      if (!(await this.standing(date)).current) stale.push(date);
    }
    return stale;
  }
}
