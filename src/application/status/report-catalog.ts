import { inject, injectable } from 'inversify';
import type { CalendarDate, DayState, PipelineView } from '../../domain';
import type { ReportFormat, ReportStore } from '../../ports';
import { TOKENS } from '../tokens';
import { PipelineProjection } from './pipeline-projection';

/** A published report as downloads and the status report show it. */
export interface ReportListing {
  readonly date: CalendarDate;
  /** Rows (records) in the report; `null` when the journal has no record of its publication. */
  readonly rows: number | null;
  readonly bytes: number;
  /** The partition revision the report was made from, and the partition's latest revision. */
  readonly reportedRevision: number | null;
  readonly partitionRevision: number;
  /** SHA-256 of the CSV as published (`null` for reports published before checksums were kept). */
  readonly checksum: string | null;
  /** The Parquet beside the CSV: its size and SHA-256 (`null` checksum when not journalled); `null` when none. */
  readonly parquet: { readonly bytes: number; readonly checksum: string | null } | null;
  /** Where the date stands: `current`, `stale` (see `waiting`) or `empty`. */
  readonly state: DayState;
  /** `state === 'current'`. */
  readonly current: boolean;
  /** What keeps the date from being current. */
  readonly waiting: readonly string[];
}

/** The published reports, with their row counts and standing from the pipeline projection. */
@injectable()
export class ReportCatalog {
  constructor(
    @inject(TOKENS.reports) private readonly reports: ReportStore,
    @inject(PipelineProjection) private readonly projection: PipelineProjection,
  ) {}

  /** Every published report, by date (from `view`, or the journal read now). */
  async list(view?: PipelineView): Promise<ReportListing[]> {
    const folded = view ?? (await this.projection.load());
    const listings: ReportListing[] = [];
    for (const published of await this.reports.list()) {
      const day = folded.dates.get(published.date);
      const standing = this.projection.standing(folded, published.date);
      listings.push({
        date: published.date,
        rows: day?.report.publishedAt == null ? null : day.report.rowCount,
        bytes: published.bytes,
        reportedRevision: day?.report.partitionRevision ?? null,
        partitionRevision: day?.partition.revision ?? 0,
        checksum: day?.report.checksum ?? null,
        parquet:
          published.parquet === undefined
            ? null
            : { bytes: published.parquet.bytes, checksum: day?.report.parquetChecksum ?? null },
        state: standing.state,
        current: standing.state === 'current',
        waiting: standing.waiting,
      });
    }
    return listings.sort((a, b) => a.date.localeCompare(b.date));
  }

  /** A report file's bytes, streamed; `undefined` when the date has none in that format. */
  open(date: CalendarDate, format: ReportFormat = 'csv'): Promise<AsyncIterable<Uint8Array> | undefined> {
    return this.reports.open(date, format);
  }
}
