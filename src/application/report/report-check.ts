import { createHash } from 'node:crypto';
import { type CalendarDate, type PartitionState, type ReportState, reportRefusal } from '../../domain';
import { type DraftFile, LocusError, type ReportContent, type ReportFormat } from '../../ports';

/** What one published file of a report holds: its rows and SHA-256 (hex). */
export interface MadeFile {
  readonly rows: number;
  readonly checksum: string;
}

/**
 * Holds a report's files to the partition revision they were made from: each must have one row
 * per record the journal counts there. A file whose rows are known before it is published is
 * checked at once; a streamed one after its last byte, so that a refusal abandons its write. A
 * file without a checksum is hashed on its way to the store.
 */
export class ReportCheck {
  /** The CSV's rows, once known (what a refusal journals). */
  csvRows = 0;

  constructor(
    private readonly date: CalendarDate,
    private readonly partition: PartitionState,
    private readonly report: ReportState,
  ) {}

  /** The file's content as the store gets it, and what it held once the store took it. */
  verified(format: ReportFormat, file: DraftFile): { content: ReportContent; made(): MadeFile } {
    const known = file.rows();
    if (known !== undefined) this.check(format, known);
    const hash = file.checksum === undefined ? createHash('sha256') : undefined;
    let checked: MadeFile | undefined =
      known !== undefined && file.checksum !== undefined
        ? { rows: known, checksum: file.checksum }
        : undefined;
    const check = (rows: number | undefined): MadeFile => {
      if (rows === undefined) {
        throw new LocusError(
          'QUERY_FAILED',
          `the ${format} report of ${this.date} ended without its row count`,
        );
      }
      this.check(format, rows);
      return { rows, checksum: file.checksum ?? (hash?.digest('hex') as string) };
    };
    async function* bytes(): AsyncGenerator<Uint8Array | string> {
      for await (const piece of file.bytes) {
        hash?.update(piece);
        yield piece;
      }
      checked = check(file.rows());
    }
    const movable = checked !== undefined && file.file !== undefined;
    return {
      content: movable ? { bytes: bytes(), file: file.file } : { bytes: bytes() },
      made: () => {
        if (checked === undefined)
          throw new LocusError('QUERY_FAILED', `the ${format} report was not written whole`);
        return checked;
      },
    };
  }

  private check(format: ReportFormat, rows: number): void {
    if (format === 'csv') this.csvRows = rows;
    const { date, partition } = this;
    const refusal = reportRefusal(
      {
        date,
        rowCount: format === 'csv' ? rows : partition.recordCount,
        partitionRevision: partition.revision,
        partitionRecords: partition.recordCount,
        ...(format === 'parquet' ? { parquet: { rowCount: rows } } : {}),
      },
      this.report,
    );
    if (refusal !== null) {
      throw new LocusError(
        'REPORT_MISMATCH',
        `${refusal.message}; nothing was published, the previous report stays. The partition may have ` +
          'been changed outside Locus, or the query engine lost rows: run `locus partition` and the report again',
      );
    }
  }
}
