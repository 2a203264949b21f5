import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { inject, injectable } from 'inversify';
import {
  type CalendarDate,
  CsvRowReader,
  calendarDate,
  decodeLocationRow,
  type LocationRecord,
} from '../../domain';
import { isLocusError, LocusError, type ReportQuery } from '../../ports';
import { listVisible } from './atomic-file';
import { fileOf, objectKeys, PART_FILE } from './data-dir-layout';
import { DuckDbEngine, readLocationCsv } from './duckdb-engine';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { pushInPieces, READ_CHUNK } from './record-file';

/** A text column as a CSV field: quoted when it holds a comma, a quote or a line break; NULL as empty. */
const csvField = (column: string): string =>
  `CASE WHEN regexp_matches(${column}, '[",\r\n]') THEN '"' || replace(${column}, '"', '""') || '"'
    ELSE coalesce(${column}, '') END`;

/**
 * The day's rows as contract CSV lines, in the report's order, the copies of one record id (which
 * share device_id, recorded_at and record_id, the id being a hash of the content) next to each
 * other, the earliest received first. Keeping the first row of each record id is then one pass
 * over the stream: DuckDB sorts within its memory limit, spilling to disk, where a window
 * `row_number()` over record_id runs out of memory on a day of millions of rows. Only the device
 * id can hold characters that need quoting: in any other column they make the row undecodable
 * whether quoted or not. One text per row crosses from DuckDB to JavaScript instead of ten.
 */
const reportSql = (files: readonly string[]): string => `
  SELECT concat_ws(',', coalesce(record_id, ''), ${csvField('device_id')}, coalesce(recorded_at, ''),
      coalesce(latitude, ''), coalesce(longitude, ''), coalesce(accuracy, ''), coalesce(altitude, ''),
      coalesce(speed, ''), coalesce(heading, ''), coalesce(received_at, '')) AS line
  FROM ${readLocationCsv(files)}
  ORDER BY device_id, recorded_at, record_id, received_at`;

/**
 * The report query on DuckDB over `storage/dt=<date>/*.csv` (every column read as text). The
 * sorted result is streamed chunk by chunk from DuckDB, parsed with the domain's CSV reader, later
 * copies of a record id are skipped on the way, and each row is decoded with the domain codec.
 */
@injectable()
export class DuckDbReportQuery implements ReportQuery {
  private readonly engine: DuckDbEngine;

  constructor(@inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig) {
    this.engine = new DuckDbEngine(config.dataDir);
  }

  async *rowsFor(date: CalendarDate): AsyncIterable<readonly LocationRecord[]> {
    const key = objectKeys.partitionDir(calendarDate(date));
    const dir = fileOf(this.config.dataDir, key);
    let files: string[];
    try {
      files = (await listVisible(dir))
        .filter((name) => PART_FILE.test(name))
        .map((name) => path.join(dir, name));
    } catch (error) {
      throw new LocusError('QUERY_FAILED', `cannot list ${key}/: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (files.length === 0) return;
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
      for await (const lines of streamLines(connection, reportSql(files))) {
        pushInPieces(reader, `${lines.join('\n')}\n`, rows);
        take();
        if (out.length >= READ_CHUNK) {
          yield out;
          out = [];
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

/** The text of the first column of a query's result, one DuckDB chunk at a time. */
async function* streamLines(connection: DuckDBConnection, sql: string): AsyncGenerator<string[]> {
  const result = await connection.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) return;
    yield chunk.getColumnValues(0) as string[];
  }
}

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
