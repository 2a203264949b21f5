import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from '../../src/adapters/local/duckdb-engine';
import { LOCATION_COLUMNS } from '../../src/domain';
import { peakRssMiB } from './benchmarks-file';
import { serveRpc } from './child-rpc';

export interface RefileRun {
  readonly ms: number;
  /** Rows written (one per record id). */
  readonly rows: number;
  /** Date folders written. */
  readonly dates: number;
  readonly rssMiB: number;
  readonly settings: string;
}

const COLUMNS = `{${LOCATION_COLUMNS.map((column) => `${sqlString(column)}: 'VARCHAR'`).join(', ')}}`;

/**
 * Every `work/*.csv` row read as text, one per record id (the earliest received): the `FROM … QUALIFY`
 * that each DuckDB job below starts with.
 */
const distinctWorkRows = (workDir: string): string => `
    FROM read_csv(${sqlString(path.join(workDir, '*.csv'))}, columns = ${COLUMNS}, header = false,
      auto_detect = false, delim = ',', quote = '"', escape = '"', buffer_size = 1048576)
    QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY received_at) = 1`;

/**
 * The same re-filing the partition phase does, as DuckDB does it with 2 threads (`REFILE_THREADS`
 * sets another count) and its default memory limit (80 % of RAM; `REFILE_MEMORY_LIMIT` sets another): read every `work/*.csv`,
 * keep one row per record id (the earliest received), write one CSV per date (`dt=YYYY-MM-DD/`,
 * UTC dates, no header). Every column is read as text, as the local report query reads the
 * partitions. (DuckDB needs memory for this: 2.4M records fail within 400 MB, 24M within 4 GB.)
 */
export const refileSql = (workDir: string, outDir: string): string => `
  COPY (
    SELECT ${LOCATION_COLUMNS.join(', ')}, substr(recorded_at, 1, 10) AS dt${distinctWorkRows(workDir)}
  ) TO ${sqlString(outDir)} (FORMAT csv, HEADER false, PARTITION_BY (dt))`;

/**
 * The analyst's whole job on the same work files, as one DuckDB statement: read every
 * `work/*.csv`, keep one row per record id (the earliest received), sort by device, time and id
 * (the report's order), write one CSV with a header row. `outDir` gets `day.csv`.
 */
export const wholeJobSql = (workDir: string, outDir: string): string => `
  COPY (
    SELECT ${LOCATION_COLUMNS.join(', ')}${distinctWorkRows(workDir)}
    ORDER BY device_id, recorded_at, record_id
  ) TO ${sqlString(path.join(outDir, 'day.csv'))} (FORMAT csv, HEADER true)`;

/**
 * The whole job with the report's second file, as Locus publishes it: the same read and dedupe,
 * sorted once into a table, then the CSV and the Parquet (typed columns, zstd) written from it in
 * its order. The casts are plain (no check of each value's form), so DuckDB does less than Locus.
 */
export const wholeJobWithParquetSql = (workDir: string, outDir: string): string[] => [
  `CREATE TABLE day AS
    SELECT ${LOCATION_COLUMNS.join(', ')}${distinctWorkRows(workDir)}
    ORDER BY device_id, recorded_at, record_id`,
  `COPY day TO ${sqlString(path.join(outDir, 'day.csv'))} (FORMAT csv, HEADER true)`,
  `COPY (SELECT record_id, device_id, CAST(recorded_at AS TIMESTAMPTZ) AS recorded_at,
      ${LOCATION_COLUMNS.slice(3, 9)
        .map((column) => `CAST(${column} AS DOUBLE) AS ${column}`)
        .join(', ')},
      CAST(received_at AS TIMESTAMPTZ) AS received_at FROM day)
    TO ${sqlString(path.join(outDir, 'day.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
];

/**
 * Which DuckDB job a child runs: the re-filing the partition phase does, the whole day's job (one
 * CSV), or the whole job with the Parquet too.
 */
export type DuckDbJob = 'refile' | 'whole-job' | 'whole-job-parquet';

/** Runs in a child process of its own: one call, `refile` (arg `job` picks which), then the parent lets go. */
export const serveRefile = (): void => {
  serveRpc({
    refile: async (arg: unknown): Promise<RefileRun> => {
      const { workDir, outDir, spillDir, job } = arg as {
        workDir: string;
        outDir: string;
        spillDir: string;
        job?: DuckDbJob;
      };
      await fs.mkdir(spillDir, { recursive: true });
      const limit = process.env.REFILE_MEMORY_LIMIT;
      const instance = await DuckDBInstance.create(':memory:', {
        threads: process.env.REFILE_THREADS ?? '2',
        temp_directory: spillDir,
        ...(limit === undefined ? {} : { memory_limit: limit }),
      });
      const connection = await instance.connect();
      try {
        const settings = (
          await connection.runAndReadAll(
            "SELECT current_setting('threads') AS threads, current_setting('memory_limit') AS memory_limit",
          )
        ).getRowObjects()[0];
        const started = performance.now();
        const whole = job === 'whole-job' || job === 'whole-job-parquet';
        if (whole) await fs.mkdir(outDir, { recursive: true });
        const statements =
          job === 'whole-job-parquet'
            ? wholeJobWithParquetSql(workDir, outDir)
            : [whole ? wholeJobSql(workDir, outDir) : refileSql(workDir, outDir)];
        for (const statement of statements) await connection.run(statement);
        const ms = performance.now() - started;
        const written = whole ? path.join(outDir, 'day.csv') : path.join(outDir, '*', '*.csv');
        const counted = await connection.runAndReadAll(
          `SELECT count(*)::INTEGER AS n FROM read_csv(${sqlString(written)}, columns = ${COLUMNS},
             header = ${whole}, auto_detect = false, hive_partitioning = false)`,
        );
        const rows = Number(counted.getRowObjects()[0]?.n ?? 0);
        const dates = whole ? 1 : (await fs.readdir(outDir)).filter((name) => name.startsWith('dt=')).length;
        return {
          ms,
          rows,
          dates,
          rssMiB: peakRssMiB(),
          settings: `threads ${String(settings?.threads)}, memory_limit ${String(settings?.memory_limit)}`,
        };
      } finally {
        connection.closeSync();
        instance.closeSync();
        setImmediate(() => process.disconnect?.());
      }
    },
  });
};
