import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { inject, injectable } from 'inversify';
import { LocusError } from '../../ports';
import { DATE_DIR, fileOf, PART_FILE } from './data-dir-layout';
import { DuckDbEngine, readLocationCsv, sqlString } from './duckdb-engine';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';

/** The `locations` view's typed columns, as SQL over the all-text columns of the files. */
const TYPED_COLUMNS = `record_id, device_id,
  CAST(recorded_at AS TIMESTAMP) AS recorded_at,
  CAST(latitude AS DOUBLE) AS latitude, CAST(longitude AS DOUBLE) AS longitude,
  CAST(accuracy AS DOUBLE) AS accuracy, CAST(altitude AS DOUBLE) AS altitude,
  CAST(speed AS DOUBLE) AS speed, CAST(heading AS DOUBLE) AS heading,
  CAST(received_at AS TIMESTAMP) AS received_at, dt`;

/** The view when no partition exists yet: the same columns, no rows. */
const EMPTY_LOCATIONS = `SELECT NULL::VARCHAR AS record_id, NULL::VARCHAR AS device_id,
  NULL::TIMESTAMP AS recorded_at, NULL::DOUBLE AS latitude, NULL::DOUBLE AS longitude,
  NULL::DOUBLE AS accuracy, NULL::DOUBLE AS altitude, NULL::DOUBLE AS speed, NULL::DOUBLE AS heading,
  NULL::TIMESTAMP AS received_at, NULL::DATE AS dt WHERE false`;

/** The `reports` view when no Parquet report exists yet: the same columns, no rows. */
const EMPTY_REPORTS = `SELECT NULL::VARCHAR AS record_id, NULL::VARCHAR AS device_id,
  NULL::TIMESTAMPTZ AS recorded_at, NULL::DOUBLE AS latitude, NULL::DOUBLE AS longitude,
  NULL::DOUBLE AS accuracy, NULL::DOUBLE AS altitude, NULL::DOUBLE AS speed, NULL::DOUBLE AS heading,
  NULL::TIMESTAMPTZ AS received_at, NULL::DATE AS dt WHERE false`;

/** Every published Parquet report, with the report's date as `dt`. */
const reportsView = (download: string): string =>
  `SELECT * EXCLUDE (filename),
    CAST(regexp_extract(filename, 'locations-([0-9-]{10})[.]parquet$', 1) AS DATE) AS dt
   FROM read_parquet(${sqlString(path.join(download, 'locations-*.parquet'))}, filename = true)`;

const PARQUET_REPORT = /^locations-\d{4}-\d{2}-\d{2}\.parquet$/;

export interface SqlResult {
  readonly columns: string[];
  readonly rows: unknown[][];
}

/** Whether any `storage/dt=*` folder holds a part file. */
const hasPartitions = async (storage: string): Promise<boolean> => {
  const dates = await fs.readdir(storage).catch(() => [] as string[]);
  for (const date of dates.filter((name) => DATE_DIR.test(name))) {
    const names = await fs.readdir(path.join(storage, date)).catch(() => [] as string[]);
    if (names.some((name) => PART_FILE.test(name))) return true;
  }
  return false;
};

/** A value as plain data: integers as numbers (or text when too large), times and dates as text. */
const plainValue = (js: unknown, json: unknown): unknown => {
  if (typeof js === 'bigint') return Number.isSafeInteger(Number(js)) ? Number(js) : js.toString();
  if (js instanceof Date) return json;
  return js;
};

/**
 * Ad-hoc SQL (`locus query "SQL"`) over the view `locations`: every partition under
 * `storage/dt=*`, with typed columns (`recorded_at`/`received_at` TIMESTAMP, measurements DOUBLE,
 * `dt` DATE); and the view `reports`: every published Parquet report (`download/*.parquet`), one
 * row per record of the day, its columns as the Parquet types them, plus its date as `dt`. The
 * result is read whole, so queries should aggregate or limit.
 */
@injectable()
export class DuckDbSqlConsole {
  private readonly engine: DuckDbEngine;

  constructor(@inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig) {
    this.engine = new DuckDbEngine(config.dataDir, { memoryBytes: config.queryMemoryBytes });
  }

  async run(sql: string): Promise<SqlResult> {
    let connection: DuckDBConnection | undefined;
    try {
      connection = await this.engine.connect();
      const storage = fileOf(this.config.dataDir, 'storage');
      const source = (await hasPartitions(storage))
        ? `SELECT ${TYPED_COLUMNS} FROM ${readLocationCsv(path.join(storage, 'dt=*', 'part-*.csv'))}`
        : EMPTY_LOCATIONS;
      await connection.run(`CREATE OR REPLACE TEMP VIEW locations AS ${source}`);
      const download = fileOf(this.config.dataDir, 'download');
      const reports = (await fs.readdir(download).catch(() => [] as string[])).some((name) =>
        PARQUET_REPORT.test(name),
      );
      await connection.run(
        `CREATE OR REPLACE TEMP VIEW reports AS ${reports ? reportsView(download) : EMPTY_REPORTS}`,
      );
      const reader = await connection.runAndReadAll(sql);
      const js = reader.getRowsJS();
      const json = reader.getRowsJson();
      return {
        columns: reader.columnNames(),
        rows: js.map((row, r) => row.map((value, c) => plainValue(value, json[r]?.[c]))),
      };
    } catch (error) {
      throw new LocusError('QUERY_FAILED', `the query failed: ${(error as Error)?.message}`, {
        cause: error,
      });
    } finally {
      connection?.closeSync();
    }
  }

  /** Closes the DuckDB instance. */
  close(): Promise<void> {
    return this.engine.close();
  }
}
