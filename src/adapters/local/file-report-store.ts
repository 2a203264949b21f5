import { promises as fs } from 'node:fs';
import { inject, injectable } from 'inversify';
import { type CalendarDate, calendarDate } from '../../domain';
import { type PublishedReport, type ReportStore, reportKey } from '../../ports';
import { listVisible, writeFileAtomically } from './atomic-file';
import { fileOf } from './data-dir-layout';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { storeError } from './record-file';
import { guardSource, unlessSourceFailed } from './source-failure';

const REPORT_FILE = /^locations-(\d{4}-\d{2}-\d{2})\.csv$/;

/**
 * Reports as files: `download/locations-YYYY-MM-DD.csv`, replaced whole and atomically. A report's
 * `location` is its absolute file path (which ends with the contract's key).
 */
@injectable()
export class FileReportStore implements ReportStore {
  constructor(@inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig) {}

  /** Streams the text into a temp file and renames it over the date's report. */
  async publish(date: CalendarDate, csv: AsyncIterable<string>): Promise<PublishedReport> {
    const key = reportKey(calendarDate(date));
    const file = fileOf(this.config.dataDir, key);
    try {
      const { bytes } = await writeFileAtomically(file, async (writer) => {
        for await (const text of guardSource(csv)) await writer.write(text);
      });
      return { date, location: file, bytes };
    } catch (error) {
      throw unlessSourceFailed(error, (cause) => storeError(cause, key, 'publish'));
    }
  }

  async open(date: CalendarDate): Promise<AsyncIterable<Uint8Array> | undefined> {
    const key = reportKey(calendarDate(date));
    const file = fileOf(this.config.dataDir, key);
    try {
      const handle = await fs.open(file, 'r');
      return handle.createReadStream({ highWaterMark: 1 << 16 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw storeError(error, key, 'open');
    }
  }

  async list(): Promise<readonly PublishedReport[]> {
    try {
      const reports: PublishedReport[] = [];
      for (const name of (await listVisible(fileOf(this.config.dataDir, 'download'))).sort()) {
        const date = REPORT_FILE.exec(name)?.[1];
        if (date === undefined) continue;
        const file = fileOf(this.config.dataDir, reportKey(date));
        const stat = await fs.stat(file).catch(() => undefined);
        if (stat?.isFile()) reports.push({ date, location: file, bytes: stat.size });
      }
      return reports;
    } catch (error) {
      throw storeError(error, 'download/', 'list');
    }
  }
}
