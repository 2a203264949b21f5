import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { encodeReportCsv, LOCATION_CSV_HEADER, type LocationRecord } from '../../domain';
import { type DraftFile, LocusError, type ReportDraft } from '../../ports';
import { BufferedFileWriter } from './atomic-file';
import { sqlString } from './duckdb-engine';
import { csvCopyOptions, parquetCopySql, parquetFromCsvSql } from './duckdb-report-sql';
import { hashFile, scanReportCsv } from './report-file-scan';
import { makeTempFolder } from './temp-folders';

const LINE_END = '\r\n';

/** The count a DuckDB `COPY … TO` returns: the rows it wrote. */
export const copiedRows = async (connection: DuckDBConnection, sql: string): Promise<number> => {
  const rows = (await connection.runAndReadAll(sql)).getRows();
  return Number(rows[0]?.[0] ?? 0);
};

/**
 * A folder of its own where one report is drafted: `locations.csv` and `locations.parquet`,
 * complete and flushed before they are handed out as a {@link ReportDraft} that a store on the
 * same disk can move into place. Discarding it removes the folder and whatever is left in it.
 */
export class ReportDraftFolder {
  readonly csvFile: string;
  readonly parquetFile: string;

  private constructor(readonly dir: string) {
    this.csvFile = path.join(dir, 'locations.csv');
    this.parquetFile = path.join(dir, 'locations.parquet');
  }

  /** A new draft folder under `<dataDir>/tmp/` (see {@link makeTempFolder}). */
  static async create(dataDir: string): Promise<ReportDraftFolder> {
    return new ReportDraftFolder(await makeTempFolder(dataDir, 'report'));
  }

  /** Writes the report CSV from rows already sorted and one per record id; returns the rows. */
  async writeCsvFromRows(
    chunks: AsyncIterable<readonly LocationRecord[]> | Iterable<readonly LocationRecord[]>,
  ): Promise<number> {
    const handle = await fs.open(this.csvFile, 'w');
    try {
      const writer = new BufferedFileWriter(handle);
      await writer.write(LOCATION_CSV_HEADER + LINE_END);
      let rows = 0;
      for await (const chunk of chunks) {
        let text = '';
        for (const record of chunk) text += encodeReportCsv(record) + LINE_END;
        rows += chunk.length;
        await writer.write(text);
      }
      await writer.flush();
      return rows;
    } finally {
      await handle.close();
    }
  }

  /** Writes the Parquet from the CSV (DuckDB, insertion order preserved); returns its rows. */
  writeParquet(connection: DuckDBConnection): Promise<number> {
    return copiedRows(connection, parquetFromCsvSql(this.csvFile, this.parquetFile));
  }

  /** Writes the CSV, with its header, from a DuckDB table of report rows in order; returns its rows. */
  writeCsvFromTable(connection: DuckDBConnection, table: string): Promise<number> {
    return copiedRows(connection, `COPY ${table} TO ${sqlString(this.csvFile)} (${csvCopyOptions(true)})`);
  }

  /** Writes the Parquet from a DuckDB table of report rows in order; returns its rows. */
  writeParquetFromTable(connection: DuckDBConnection, table: string): Promise<number> {
    return copiedRows(connection, parquetCopySql(table, this.parquetFile));
  }

  /** Whether the CSV holds a record id on two lines in a row (see `scanReportCsv`); keeps its hash. */
  async repeatsAnId(): Promise<boolean> {
    const scan = await scanReportCsv(this.csvFile);
    this.csvHash = scan;
    return scan.repeatedId;
  }

  private csvHash: { checksum: string; bytes: number } | undefined;

  /**
   * The draft of the two files, each hashed (and flushed to disk when `durable`: a store that
   * moves them into place relies on it); the Parquet must hold as many rows as the CSV.
   */
  async draft(csvRows: number, parquetRows: number, durable = true): Promise<ReportDraft> {
    if (parquetRows !== csvRows) {
      throw new LocusError(
        'QUERY_FAILED',
        `the report's Parquet holds ${parquetRows} rows where its CSV holds ${csvRows}`,
      );
    }
    const fileDraft = async (file: string, known?: { checksum: string }): Promise<DraftFile> => {
      if (durable) {
        const handle = await fs.open(file, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      const { checksum } = known ?? (await hashFile(file));
      return { file, checksum, rows: () => csvRows, bytes: readFile(file) };
    };
    const [csv, parquet] = await Promise.all([
      fileDraft(this.csvFile, this.csvHash),
      fileDraft(this.parquetFile),
    ]);
    return { files: { csv, parquet }, discard: () => this.discard() };
  }

  discard(): Promise<void> {
    return fs.rm(this.dir, { recursive: true, force: true });
  }
}

/** A file's bytes, opened when first read. */
const readFile = (file: string): AsyncIterable<Uint8Array> => ({
  [Symbol.asyncIterator]: () => createReadStream(file, { highWaterMark: 1 << 20 })[Symbol.asyncIterator](),
});
