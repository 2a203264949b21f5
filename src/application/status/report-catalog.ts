import { inject, injectable } from 'inversify';
import {
  type CalendarDate,
  isReportCurrent,
  partitionDecider,
  partitionStream,
  reportDecider,
  reportStream,
} from '../../domain';
import type { EventJournal, ReportStore } from '../../ports';
import { loadState } from '../shared/journal-streams';
import { TOKENS } from '../tokens';

/** A published report as downloads and the status report show it. */
export interface ReportListing {
  readonly date: CalendarDate;
  /** Rows (records) in the report; `null` when the journal has no record of its publication. */
  readonly rows: number | null;
  readonly bytes: number;
  /** The partition revision the report was made from, and the partition's latest revision. */
  readonly reportedRevision: number | null;
  readonly partitionRevision: number;
  /** Made from the partition's latest revision (otherwise late data arrived: the next daily run makes it again). */
  readonly current: boolean;
  /** Records of the date stored since and not yet partitioned (set by the status report when there are any). */
  readonly pendingRecords?: number;
}

/** The published reports, with their row counts and standing from the journal. */
@injectable()
export class ReportCatalog {
  constructor(
    @inject(TOKENS.ReportStore) private readonly reports: ReportStore,
    @inject(TOKENS.EventJournal) private readonly journal: EventJournal,
  ) {}

  /** Every published report, by date. */
  async list(): Promise<ReportListing[]> {
    const listings: ReportListing[] = [];
    for (const published of await this.reports.list()) {
      const report = await loadState(this.journal, reportDecider, reportStream(published.date));
      const partition = await loadState(this.journal, partitionDecider, partitionStream(published.date));
      listings.push({
        date: published.date,
        rows: report.publishedAt === null ? null : report.rowCount,
        bytes: published.bytes,
        reportedRevision: report.partitionRevision,
        partitionRevision: partition.revision,
        current: isReportCurrent(report, partition),
      });
    }
    return listings.sort((a, b) => a.date.localeCompare(b.date));
  }

  /** The report's bytes, streamed; `undefined` when the date has none. */
  open(date: CalendarDate): Promise<AsyncIterable<Uint8Array> | undefined> {
    return this.reports.open(date);
  }
}
