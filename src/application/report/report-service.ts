import { inject, injectable } from 'inversify';
import {
  type CalendarDate,
  calendarDate,
  type ParquetFile,
  type PartitionState,
  partitionDecider,
  partitionStream,
  reportDecider,
  reportStream,
} from '../../domain';
import {
  type Clock,
  type EventJournal,
  type IdSource,
  isLocusError,
  type LocusError,
  type PublishedReport,
  type ReportQuery,
  type ReportStore,
  type RunLock,
} from '../../ports';
import type { CoreSettings } from '../settings';
import { handleCommand, loadState } from '../shared/handle-command';
import { RunLease } from '../shared/run-lease';
import { PipelineProjection } from '../status/pipeline-projection';
import { TOKENS } from '../tokens';
import { type MadeFile, ReportCheck } from './report-check';
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
  /** The Parquet beside the CSV; `null` where the profile could not write one (see `ReportDraft`). */
  readonly parquet: (ParquetFile & { readonly bytes: number }) | null;
}

/** The lock that keeps two report runs of one date apart. */
export const reportLock = (date: CalendarDate): string => `report-${date}`;

/**
 * Report: has the query draft one date's report and publishes it as the contract's CSV (RFC 4180,
 * header row, CRLF) to `download/locations-YYYY-MM-DD.csv` and as Parquet beside it (`.parquet`,
 * the same rows in the same order, typed columns). Each file becomes visible only if it
 * reconciles: one row per record the journal counts in the partition revision it was made from.
 * Otherwise the write is abandoned, the previous report stays, the refusal is journalled (status
 * shows why) and the run fails with `REPORT_MISMATCH`. The rows come sorted and de-duplicated, so
 * running it again over the same partition gives a byte-identical CSV (the same checksum).
 */
@injectable()
export class ReportService {
  constructor(
    @inject(TOKENS.reportQuery) private readonly query: ReportQuery,
    @inject(TOKENS.reports) private readonly reports: ReportStore,
    @inject(TOKENS.journal) private readonly journal: EventJournal,
    @inject(TOKENS.lock) private readonly lock: RunLock,
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
      const check = new ReportCheck(date, partition, report);
      let published: PublishedReport;
      let made: { csv: MadeFile; parquet?: MadeFile };
      try {
        const draft = await this.query.draft(date);
        try {
          const csv = check.verified('csv', draft.files.csv);
          const parquetFile = draft.files.parquet;
          const parquet = parquetFile === undefined ? undefined : check.verified('parquet', parquetFile);
          published = await this.reports.publish(
            date,
            parquet === undefined ? { csv: csv.content } : { csv: csv.content, parquet: parquet.content },
          );
          made = parquet === undefined ? { csv: csv.made() } : { csv: csv.made(), parquet: parquet.made() };
        } finally {
          await draft.discard().catch(() => undefined);
        }
      } catch (error) {
        if (isLocusError(error, 'REPORT_MISMATCH')) await this.reject(date, partition, check.csvRows, error);
        throw error;
      }
      const parquet =
        made.parquet === undefined || published.parquet === undefined
          ? undefined
          : {
              location: published.parquet.location,
              rowCount: made.parquet.rows,
              checksum: made.parquet.checksum,
            };
      await handleCommand(this.journal, reportDecider, reportStream(date), {
        type: 'PublishReport',
        data: {
          date,
          rowCount: made.csv.rows,
          partitionRevision: partition.revision,
          partitionRecords: partition.recordCount,
          checksum: made.csv.checksum,
          location: published.location,
          ...(parquet === undefined ? {} : { parquet }),
          at: this.clock.now(),
        },
      });
      return {
        date,
        rowCount: made.csv.rows,
        location: published.location,
        bytes: published.bytes,
        partitionRevision: partition.revision,
        checksum: made.csv.checksum,
        parquet: parquet === undefined ? null : { ...parquet, bytes: published.parquet?.bytes ?? 0 },
      };
    });
  }

  /** Dates whose report is due: partitioned and not reported from the latest revision, or refused last time. */
  async dueDates(): Promise<CalendarDate[]> {
    const view = await this.projection.load();
    return [...view.dates.values()].filter(isReportDue).map((day) => day.date);
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
