import { promises as fs } from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'inversify';
import { type CalendarDate, calendarDate } from '../../domain';
import {
  type PublishedFile,
  type PublishedReport,
  type ReportContent,
  type ReportFiles,
  type ReportFormat,
  type ReportStore,
  reportKey,
} from '../../ports';
import { fsyncDirectory, listVisible, writeFileAtomically } from './atomic-file';
import { fileOf } from './data-dir-layout';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { storeError } from './record-file';
import { guardSource, unlessSourceFailed } from './source-failure';

const REPORT_FILE = /^locations-(\d{4}-\d{2}-\d{2})\.csv$/;

/**
 * Reports as files: `download/locations-YYYY-MM-DD.csv` and `.parquet` beside it, each replaced
 * whole and atomically. The CSV is written to a temp file first; the Parquet is put in place only
 * once the CSV is complete, and the CSV renamed last. A file drafted on the same disk is moved
 * instead of copied. A report's `location` is its absolute file path (ending with the contract's key).
 */
@injectable()
export class FileReportStore implements ReportStore {
  constructor(@inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig) {}

  async publish(date: CalendarDate, files: ReportFiles): Promise<PublishedReport> {
    const csvKey = reportKey(calendarDate(date), 'csv');
    const parquetKey = reportKey(date, 'parquet');
    let parquet: PublishedFile | undefined;
    try {
      const placeParquet = async (): Promise<void> => {
        if (files.parquet === undefined) return;
        const file = fileOf(this.config.dataDir, parquetKey);
        parquet = { location: file, bytes: await place(files.parquet, file) };
      };
      const csvFile = fileOf(this.config.dataDir, csvKey);
      const bytes = await place(files.csv, csvFile, placeParquet);
      return { date, location: csvFile, bytes, ...(parquet === undefined ? {} : { parquet }) };
    } catch (error) {
      throw unlessSourceFailed(error, (cause) => storeError(cause, csvKey, 'publish'));
    }
  }

  async open(
    date: CalendarDate,
    format: ReportFormat = 'csv',
  ): Promise<AsyncIterable<Uint8Array> | undefined> {
    const key = reportKey(calendarDate(date), format);
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
        if (!stat?.isFile()) continue;
        const parquetFile = fileOf(this.config.dataDir, reportKey(date, 'parquet'));
        const parquet = await fs.stat(parquetFile).catch(() => undefined);
        reports.push({
          date,
          location: file,
          bytes: stat.size,
          ...(parquet?.isFile() ? { parquet: { location: parquetFile, bytes: parquet.size } } : {}),
        });
      }
      return reports;
    } catch (error) {
      throw storeError(error, 'download/', 'list');
    }
  }
}

/**
 * Puts one file's content at `target`, atomically: a drafted file on the same disk is renamed
 * into place, anything else streamed to a temp file first. `beforeVisible` runs once the content
 * is complete, just before it becomes visible; when it (or the content) fails, nothing changes.
 */
const place = async (
  content: ReportContent,
  target: string,
  beforeVisible?: () => Promise<void>,
): Promise<number> => {
  if (content.file !== undefined) {
    const bytes = (await fs.stat(content.file)).size;
    await beforeVisible?.();
    await fs.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.rename(content.file, target);
      await fsyncDirectory(path.dirname(target));
      return bytes;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      return copyInPlace(content.bytes, target);
    }
  }
  return copyInPlace(content.bytes, target, beforeVisible);
};

const copyInPlace = async (
  bytes: AsyncIterable<Uint8Array | string>,
  target: string,
  beforeRename?: () => Promise<void>,
): Promise<number> => {
  const written = await writeFileAtomically(
    target,
    async (writer) => {
      for await (const piece of guardSource(bytes)) await writer.write(piece);
    },
    beforeRename === undefined ? {} : { beforeRename },
  );
  return written.bytes;
};
