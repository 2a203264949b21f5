import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { inject, injectable, optional } from 'inversify';
import {
  type CalendarDate,
  CsvRowReader,
  calendarDate,
  decodeLocationRow,
  type LocationRecord,
} from '../../domain';
import { isLocusError, LocusError, type ReportDraft, type ReportQuery } from '../../ports';
import { reclaimMemory } from '../system/reclaim-memory';
import { listVisible } from './atomic-file';
import { fileOf, objectKeys, PART_FILE } from './data-dir-layout';
import {
  ALL_DEVICES,
  type DeviceRange,
  deviceRanges,
  rangeCondition,
  sampleDeviceIds,
} from './device-ranges';
import { DuckDbEngine, readLocationCsv } from './duckdb-engine';
import { streamLines } from './duckdb-stream-lines';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { pushInPieces, READ_CHUNK } from './record-file';
import { ReportDraftFolder } from './report-draft-folder';
import type { ReportQueryTuning } from './report-query-tuning';
import { sortIntoTable } from './report-sorted-table';

/** A text column as a CSV field: quoted when it holds a comma, a quote or a line break; NULL as empty. */
const csvField = (column: string): string =>
  `CASE WHEN regexp_matches(${column}, '[",\r\n]') THEN '"' || replace(${column}, '"', '""') || '"'
    ELSE coalesce(${column}, '') END`;

/**
 * The rows of one range of device ids as contract CSV lines, in the report's order, the copies of
 * one record id (which share device_id, recorded_at and record_id, the id being a hash of the
 * content) next to each other, the earliest received first. Keeping the first row of each record
 * id is then one pass over the stream: DuckDB sorts within its memory limit, spilling to disk,
 * where a window `row_number()` over record_id runs out of memory on a day of millions of rows.
 * Only the device id can hold characters that need quoting: in any other column they make the row
 * undecodable whether quoted or not. One text per row crosses from DuckDB to JavaScript instead of
 * ten. A last row whose line is NULL ends the result: see {@link streamLines}.
 */
const reportSql = (files: readonly string[], range: DeviceRange): string => `
  SELECT line FROM (
    SELECT 0 AS tail, device_id, recorded_at, record_id, received_at,
      concat_ws(',', coalesce(record_id, ''), ${csvField('device_id')}, coalesce(recorded_at, ''),
        coalesce(latitude, ''), coalesce(longitude, ''), coalesce(accuracy, ''), coalesce(altitude, ''),
        coalesce(speed, ''), coalesce(heading, ''), coalesce(received_at, '')) AS line
    FROM ${readLocationCsv(files)}
    WHERE ${rangeCondition(range)}
    UNION ALL SELECT 1, NULL, NULL, NULL, NULL, NULL
  )
  ORDER BY tail, device_id, recorded_at, record_id, received_at`;

/**
 * Partition files of more than this many bytes in all are reported in ranges of device ids, one
 * sorted query each: within the engine's memory limit (128 MB) DuckDB sorts 3.7M rows (430 MB of
 * CSV) but not 6.8M, and fails with "Out of Memory" on a peak day's 24M in one query.
 */
export const DEFAULT_REPORT_RANGE_BYTES = 320 * 2 ** 20;

/**
 * The report query on DuckDB over `storage/dt=<date>/*.csv` (every column read as text). The
 * sorted result is streamed chunk by chunk from DuckDB, parsed with the domain's CSV reader, later
 * copies of a record id are skipped on the way, and each row is decoded with the domain codec. A
 * large date is queried in ranges of device ids (the report's first sort key), one after another,
 * each small enough for DuckDB to sort within its memory limit; the copies of a record id share
 * its device id, hence its range.
 */
@injectable()
export class DuckDbReportQuery implements ReportQuery {
  private readonly engine: DuckDbEngine;
  private readonly rangeBytes: number;

  constructor(
    @inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig,
    @inject(LOCAL_TOKENS.ReportQueryTuning) @optional() tuning?: Partial<ReportQueryTuning>,
  ) {
    this.engine = new DuckDbEngine(config.dataDir, {
      preserveOrder: true,
      memoryBytes: config.queryMemoryBytes,
    });
    this.rangeBytes = tuning?.rangeBytes ?? DEFAULT_REPORT_RANGE_BYTES;
  }

  /**
   * DuckDB writes the report itself. The date's rows are sorted once into a table of the run's
   * own (one `INSERT … ORDER BY`; on a large date one per range of device ids, in order, each
   * from a folder the parts were split into by range in one read); then two connections write
   * the CSV and the Parquet (typed columns) from it at the same time, in its order. Each statement
   * returns the rows it wrote, and a failing one fails the draft (nothing is streamed, so nothing
   * can end early unnoticed). Once the CSV is written, while the Parquet may still be, one read
   * of it hashes it and looks for
   * copies of a record id, which sit next to each other: when there are any (the partition phase
   * never leaves them), the CSV is written again from {@link rowsFor}, which keeps the earliest
   * received copy, and the Parquet again from it.
   */
  async draft(date: CalendarDate): Promise<ReportDraft> {
    const { key, files } = await this.partFiles(date);
    const folder = await ReportDraftFolder.create(this.config.dataDir);
    try {
      let rows: number;
      let parquetRows: number;
      if (files.length === 0) {
        rows = await folder.writeCsvFromRows([]);
        parquetRows = await this.withConnection(date, key, (connection) => folder.writeParquet(connection));
      } else {
        if (this.config.reclaimMemory) reclaimMemory();
        let repeats: boolean;
        ({ rows, parquetRows, repeats } = await this.writeSorted(date, key, files, folder));
        if (repeats) {
          rows = await folder.writeCsvFromRows(this.rowsFor(date));
          parquetRows = await this.withConnection(date, key, (connection) => folder.writeParquet(connection));
        }
      }
      return await folder.draft(rows, parquetRows);
    } catch (error) {
      await folder.discard();
      throw error;
    }
  }

  /**
   * Sorts the date's parts into a table ({@link sortIntoTable}), then writes the CSV and the Parquet
   * from it at once; the table is dropped before this returns. Both writes end before either
   * failure is thrown: the folder is discarded only once nothing writes to it.
   */
  private async writeSorted(
    date: CalendarDate,
    key: string,
    files: readonly string[],
    folder: ReportDraftFolder,
  ): Promise<{ rows: number; parquetRows: number; repeats: boolean }> {
    const ranges = await this.rangesOf(files, date);
    const table = `report_rows_${randomBytes(8).toString('hex')}`;
    try {
      const sortedRows = await this.withConnection(date, key, (connection) =>
        sortIntoTable(connection, table, files, ranges, path.join(folder.dir, 'ranges')),
      );
      const [csv, parquet] = await Promise.allSettled([
        this.withConnection(date, key, (connection) => folder.writeCsvFromTable(connection, table)).then(
          async (rows) => ({ rows, repeats: await folder.repeatsAnId() }),
        ),
        this.withConnection(date, key, (connection) => folder.writeParquetFromTable(connection, table)),
      ]);
      if (csv.status === 'rejected') throw csv.reason;
      if (parquet.status === 'rejected') throw parquet.reason;
      if (csv.value.rows !== sortedRows) {
        throw queryFailed(date, new Error(`wrote ${csv.value.rows} CSV rows of ${sortedRows} sorted`));
      }
      return { ...csv.value, parquetRows: parquet.value };
    } finally {
      // A table that cannot be dropped goes with the engine's in-memory database when it closes;
      // the draft's own outcome (or failure) is what the caller must see.
      await this.withConnection(date, key, (connection) =>
        connection.run(`DROP TABLE IF EXISTS ${table}`),
      ).catch(() => undefined);
    }
  }

  private async withConnection<T>(
    date: CalendarDate,
    key: string,
    run: (connection: DuckDBConnection) => Promise<T>,
  ): Promise<T> {
    const connection = await this.connect(date);
    try {
      return await run(connection);
    } catch (error) {
      if (isLocusError(error)) throw error;
      if (BAD_VALUE.test((error as Error)?.message ?? '')) throw corrupt(key, error);
      throw queryFailed(date, error);
    } finally {
      connection.closeSync();
    }
  }

  /** The date's part files (temp files left in the folder are not parts). */
  private async partFiles(date: CalendarDate): Promise<{ key: string; files: string[] }> {
    const key = objectKeys.partitionDir(calendarDate(date));
    const dir = fileOf(this.config.dataDir, key);
    try {
      const files = (await listVisible(dir))
        .filter((name) => PART_FILE.test(name))
        .map((name) => path.join(dir, name));
      return { key, files };
    } catch (error) {
      throw new LocusError('QUERY_FAILED', `cannot list ${key}/: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async *rowsFor(date: CalendarDate): AsyncIterable<readonly LocationRecord[]> {
    const { key, files } = await this.partFiles(date);
    if (files.length === 0) return;
    if (this.config.reclaimMemory) reclaimMemory();
    const ranges = await this.rangesOf(files, date);
    const connection = await this.connect(date);
    try {
      const reader = new CsvRowReader();
      const rows: string[][] = [];
      let out: LocationRecord[] = [];
      let previousId: string | undefined;
      const take = (): void => {
        for (const row of rows) {
          if (row[0] === previousId) continue;
          previousId = row[0];
          out.push(decodeRow(row, key));
        }
        rows.length = 0;
      };
      for (const range of ranges) {
        for await (const lines of streamLines(connection, reportSql(files, range))) {
          pushInPieces(reader, `${lines.join('\n')}\n`, rows);
          take();
          if (out.length >= READ_CHUNK) {
            yield out;
            out = [];
          }
        }
      }
      reader.end(rows);
      take();
      if (out.length > 0) yield out;
    } catch (error) {
      if (isLocusError(error)) throw error;
      if ((error as { code?: unknown }).code === 'CSV_SYNTAX') throw corrupt(key, error);
      throw queryFailed(date, error);
    } finally {
      connection.closeSync();
    }
  }

  /** One range for a date that DuckDB sorts at once; else ranges cut at a sample's quantiles. */
  private async rangesOf(files: readonly string[], date: CalendarDate): Promise<readonly DeviceRange[]> {
    try {
      let bytes = 0;
      for (const file of files) bytes += (await fs.stat(file)).size;
      if (bytes <= this.rangeBytes) return [ALL_DEVICES];
      return deviceRanges(await sampleDeviceIds(files), Math.ceil(bytes / this.rangeBytes));
    } catch (error) {
      throw queryFailed(date, error);
    }
  }

  /** Closes the DuckDB instance (a later query opens a new one). */
  close(): Promise<void> {
    return this.engine.close();
  }

  private async connect(date: CalendarDate): Promise<DuckDBConnection> {
    try {
      return await this.engine.connect();
    } catch (error) {
      throw queryFailed(date, error);
    }
  }
}

/** DuckDB's words for a value its column cannot hold, or a row the CSV reader cannot read. */
const BAD_VALUE = /Conversion Error|Invalid Input Error|CSV Error/;

const queryFailed = (date: CalendarDate, error: unknown): LocusError =>
  new LocusError('QUERY_FAILED', `the report query for ${date} failed: ${(error as Error)?.message}`, {
    cause: error,
  });

const corrupt = (key: string, error: unknown): LocusError =>
  new LocusError('CORRUPT_OBJECT', `${key}/ holds a row that is not a record: ${(error as Error).message}`, {
    cause: error,
  });

const decodeRow = (fields: readonly string[], key: string): LocationRecord => {
  try {
    return decodeLocationRow(fields);
  } catch (error) {
    throw corrupt(key, error);
  }
};
