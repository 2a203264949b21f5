import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CsvRowReader, LOCATION_COLUMNS } from '../domain';
import type { ReportDraft } from '../ports';

/** A report file's bytes, read whole. */
export const bytesOf = async (bytes: AsyncIterable<Uint8Array | string> | undefined): Promise<Buffer> => {
  if (bytes === undefined) throw new Error('no such report file');
  const chunks: Buffer[] = [];
  for await (const chunk of bytes)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
};

/** Both files of a draft, read whole, and the rows each says it holds once read. */
export const readDraft = async (draft: ReportDraft) => {
  const csv = (await bytesOf(draft.files.csv.bytes)).toString('utf8');
  const parquetFile = draft.files.parquet;
  if (parquetFile === undefined) throw new Error('the draft has no Parquet');
  const parquet = await bytesOf(parquetFile.bytes);
  return { csv, parquet, csvRows: draft.files.csv.rows(), parquetRows: parquetFile.rows() };
};

/** A row as an analyst compares it: ids text, instants epoch ms, measurements numbers or null. */
export type ComparableRow = readonly (string | number | null)[];

const NUMBERS = new Set(['latitude', 'longitude', 'accuracy', 'altitude', 'speed', 'heading']);
const INSTANTS = new Set(['recorded_at', 'received_at']);

/** The rows of a report CSV (header skipped), as comparable values. */
export const csvReportRows = (text: string): ComparableRow[] => {
  const rows: string[][] = [];
  const reader = new CsvRowReader();
  reader.push(text, rows);
  reader.end(rows);
  expect(rows[0]).toEqual([...LOCATION_COLUMNS]);
  return rows.slice(1).map((row) =>
    row.map((field, i) => {
      const column = LOCATION_COLUMNS[i] as string;
      if (INSTANTS.has(column)) return Date.parse(field);
      if (NUMBERS.has(column)) return field === '' ? null : Number(field);
      return field;
    }),
  );
};

/** A Parquet report read back by DuckDB: its rows in file order, and each column's type. */
export const parquetReportRows = async (
  parquet: Buffer,
): Promise<{ rows: ComparableRow[]; types: Record<string, string> }> => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-parquet-'));
  const file = path.join(dir, 'report.parquet');
  await fs.writeFile(file, parquet);
  // Loaded here, not with the module: the other contract suites (a plugin's queue, say) need no DuckDB.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const source = `read_parquet('${file}')`;
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowsJS();
    const types = Object.fromEntries(described.map((row) => [String(row[0]), String(row[1])]));
    const columns = LOCATION_COLUMNS.map((c) => (INSTANTS.has(c) ? `epoch_ms(${c})` : c)).join(', ');
    const rows = (await connection.runAndReadAll(`SELECT ${columns} FROM ${source}`)).getRowsJS();
    return {
      rows: rows.map((row) =>
        row.map((v) => (typeof v === 'bigint' ? Number(v) : (v as string | number | null))),
      ),
      types,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await fs.rm(dir, { recursive: true, force: true });
  }
};

/** The Parquet's column types the report promises. */
export const PARQUET_TYPES: Record<string, string> = {
  record_id: 'VARCHAR',
  device_id: 'VARCHAR',
  recorded_at: 'TIMESTAMP WITH TIME ZONE',
  latitude: 'DOUBLE',
  longitude: 'DOUBLE',
  accuracy: 'DOUBLE',
  altitude: 'DOUBLE',
  speed: 'DOUBLE',
  heading: 'DOUBLE',
  received_at: 'TIMESTAMP WITH TIME ZONE',
};

/** Asserts a Parquet report holds the CSV's rows, value for value and in the same order. */
export const expectParquetEqualsCsv = async (parquet: Buffer, csv: string): Promise<number> => {
  const expected = csvReportRows(csv);
  const read = await parquetReportRows(parquet);
  expect(read.types).toEqual(PARQUET_TYPES);
  expect(read.rows.length).toBe(expected.length);
  expect(read.rows).toEqual(expected);
  return expected.length;
};
