import { injectable } from 'inversify';
import type { CalendarDate } from '../../domain';
import { type PublishedReport, type ReportStore, reportKey } from '../../ports';

const CHUNK_BYTES = 64 * 1024;

/** Reports held in process memory under their contract keys, each replaced whole. */
@injectable()
export class InMemoryReportStore implements ReportStore {
  private readonly reports = new Map<
    CalendarDate,
    { readonly bytes: Buffer; readonly report: PublishedReport }
  >();

  /** Takes the whole text first and only then replaces the report, so a failing source changes nothing. */
  async publish(date: CalendarDate, csv: AsyncIterable<string>): Promise<PublishedReport> {
    const pieces: Buffer[] = [];
    for await (const text of csv) pieces.push(Buffer.from(text, 'utf8'));
    const bytes = Buffer.concat(pieces);
    const report: PublishedReport = { date, location: reportKey(date), bytes: bytes.length };
    this.reports.set(date, { bytes, report });
    return { ...report };
  }

  async open(date: CalendarDate): Promise<AsyncIterable<Uint8Array> | undefined> {
    const entry = this.reports.get(date);
    if (entry === undefined) return undefined;
    return (async function* () {
      for (let i = 0; i < entry.bytes.length; i += CHUNK_BYTES) {
        yield Uint8Array.prototype.slice.call(entry.bytes, i, i + CHUNK_BYTES);
      }
    })();
  }

  async list(): Promise<readonly PublishedReport[]> {
    return [...this.reports.values()]
      .map((entry) => ({ ...entry.report }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
}
