import { createHash } from 'node:crypto';
import { inject, injectable } from 'inversify';
import {
  type CalendarDate,
  calendarDate,
  encodeReportCsv,
  LOCATION_CSV_HEADER,
  type PartitionState,
  partitionDecider,
  partitionStream,
  type ReportState,
  reportDecider,
  reportRefusal,
  reportStream,
} from '../../domain';
import {
  type Clock,
  type EventJournal,
  type IdSource,
  isLocusError,
  LocusError,
  type ReportQuery,
  type ReportStore,
  type RunLock,
} from '../../ports';
import type { CoreSettings } from '../settings';
import { handleCommand, loadState } from '../shared/handle-command';
import { RunLease } from '../shared/run-lease';
import { PipelineProjection } from '../status/pipeline-projection';
import { TOKENS } from '../tokens';
import { isReportDue } from './report-due';

export interface ReportOutcome {
  readonly date: CalendarDate;
  readonly rowCount: number;
  readonly location: string;
  readonly bytes: number;
  /** The partition revision the report was made from. */
  readonly partitionRevision: number;
  /** SHA-256 of the CSV, hex. */
  readonly checksum: string;
}

const LINE_END = '\r\n';

/** The lock that keeps two report runs of one date apart. */
export const reportLock = (date: CalendarDate): string => `report-${date}`;

/**
 * Report: queries one date's records and publishes them as the contract's CSV (RFC 4180, header
 * row, CRLF) to `download/locations-YYYY-MM-DD.csv`. The CSV becomes visible only if it reconciles:
 * one row per record the journal counts in the partition revision it was made from. Otherwise the
 * write is abandoned, the previous report stays, the refusal is journalled (status shows why) and
 * the run fails with `REPORT_MISMATCH`. The rows come sorted and de-duplicated, so running it again
 * over the same partition gives a byte-identical file (the same checksum).
 */
@injectable()
export class ReportService {
  constructor(
    @inject(TOKENS.ReportQuery) private readonly query: ReportQuery,
    @inject(TOKENS.ReportStore) private readonly reports: ReportStore,
    @inject(TOKENS.EventJournal) private readonly journal: EventJournal,
    @inject(TOKENS.RunLock) private readonly lock: RunLock,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.IdSource) private readonly ids: IdSource,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
    @inject(PipelineProjection) private readonly projection: PipelineProjection,
  ) {}

  async run(date: CalendarDate): Promise<ReportOutcome> {
    calendarDate(date);
    const runId = this.ids.next();
    const ttl = this.settings.partition.lockTtlMs;
    return RunLease.hold(this.lock, this.clock, reportLock(date), runId, ttl, async () => {
      // The revision is read before the rows: a partition write landing meanwhile makes the rows
      // disagree with the count, and the report is refused rather than published as current.
      const { state: partition } = await loadState(this.journal, partitionDecider, partitionStream(date));
      const { state: report } = await loadState(this.journal, reportDecider, reportStream(date));
      const made = { rowCount: 0, checksum: '' };
      let published: { location: string; bytes: number };
      try {
        published = await this.reports.publish(date, this.csv(date, partition, report, made));
      } catch (error) {
        if (isLocusError(error, 'REPORT_MISMATCH')) await this.reject(date, partition, made.rowCount, error);
        throw error;
      }
      await handleCommand(this.journal, reportDecider, reportStream(date), {
        type: 'PublishReport',
        data: {
          date,
          rowCount: made.rowCount,
          partitionRevision: partition.revision,
          partitionRecords: partition.recordCount,
          checksum: made.checksum,
          location: published.location,
          at: this.clock.now(),
        },
      });
      return {
        date,
        rowCount: made.rowCount,
        location: published.location,
        bytes: published.bytes,
        partitionRevision: partition.revision,
        checksum: made.checksum,
      };
    });
  }

  /** Dates whose report is due: partitioned and not reported from the latest revision, or refused last time. */
  async dueDates(): Promise<CalendarDate[]> {
    const view = await this.projection.load();
    return [...view.dates.values()].filter(isReportDue).map((day) => day.date);
  }

  /**
   * The CSV, counted and hashed on the way; after the last row it checks that the rows reconcile
   * with the partition and throws (abandoning the write) when they do not.
   */
  private async *csv(
    date: CalendarDate,
    partition: PartitionState,
    report: ReportState,
    made: { rowCount: number; checksum: string },
  ): AsyncGenerator<string> {
    const hash = createHash('sha256');
    const header = LOCATION_CSV_HEADER + LINE_END;
    hash.update(header);
    yield header;
    for await (const chunk of this.query.rowsFor(date)) {
      let text = '';
      for (const record of chunk) text += encodeReportCsv(record) + LINE_END;
      made.rowCount += chunk.length;
      hash.update(text);
      yield text;
    }
    const refusal = reportRefusal(
      {
        date,
        rowCount: made.rowCount,
        partitionRevision: partition.revision,
        partitionRecords: partition.recordCount,
      },
      report,
    );
    if (refusal !== null) {
      throw new LocusError(
        'REPORT_MISMATCH',
        `${refusal.message}; nothing was published, the previous report stays. The partition may have ` +
          'been changed outside Locus, or the query engine lost rows: run `locus partition` and the report again',
      );
    }
    made.checksum = hash.digest('hex');
  }

  private async reject(
    date: CalendarDate,
    partition: PartitionState,
    rowCount: number,
    error: LocusError,
  ): Promise<void> {
    await handleCommand(this.journal, reportDecider, reportStream(date), {
      type: 'RejectReport',
      data: {
        date,
        rowCount,
        partitionRevision: partition.revision,
        partitionRecords: partition.recordCount,
        reason: error.message,
        at: this.clock.now(),
      },
    }).catch(() => undefined);
  }
}
