import { injectable } from 'inversify';
import type { CalendarDate } from '../../domain';
import {
  type PublishedReport,
  type ReportContent,
  type ReportFiles,
  type ReportFormat,
  type ReportStore,
  reportKey,
} from '../../ports';

const CHUNK_BYTES = 64 * 1024;

const bytesOf = async (content: ReportContent): Promise<Buffer> => {
  const pieces: Buffer[] = [];
  for await (const piece of content.bytes) {
    pieces.push(typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece));
  }
  return Buffer.concat(pieces);
};

/** Reports held in process memory under their contract keys, each replaced whole. */
@injectable()
export class InMemoryReportStore implements ReportStore {
  private readonly reports = new Map<
    CalendarDate,
    { readonly files: Partial<Record<ReportFormat, Buffer>>; readonly report: PublishedReport }
  >();

  /** Takes every file whole first and only then replaces the report, so a failing source changes nothing. */
  async publish(date: CalendarDate, files: ReportFiles): Promise<PublishedReport> {
    const csv = await bytesOf(files.csv);
    const parquet = files.parquet === undefined ? undefined : await bytesOf(files.parquet);
    const report: PublishedReport = {
      date,
      location: reportKey(date),
      bytes: csv.length,
      ...(parquet === undefined
        ? {}
        : { parquet: { location: reportKey(date, 'parquet'), bytes: parquet.length } }),
    };
    this.reports.set(date, { files: parquet === undefined ? { csv } : { csv, parquet }, report });
    return structuredClone(report);
  }

  async open(
    date: CalendarDate,
    format: ReportFormat = 'csv',
  ): Promise<AsyncIterable<Uint8Array> | undefined> {
    const bytes = this.reports.get(date)?.files[format];
    if (bytes === undefined) return undefined;
    return (async function* () {
      for (let i = 0; i < bytes.length; i += CHUNK_BYTES) {
        yield Uint8Array.prototype.slice.call(bytes, i, i + CHUNK_BYTES);
      }
    })();
  }

  async list(): Promise<readonly PublishedReport[]> {
    return [...this.reports.values()]
      .map((entry) => structuredClone(entry.report))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
}
