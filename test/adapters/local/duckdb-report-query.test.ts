import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DuckDbReportQuery } from '../../../src/adapters/local/duckdb-report-query';
import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import {
  compareForReport,
  encodeReportCsv,
  LOCATION_CSV_HEADER,
  type LocationRecord,
} from '../../../src/domain';
import { isLocusError } from '../../../src/ports';
import { aStoredRecord, awkwardRecords, inChunks, readAll, someRecords } from '../../support/records';
import { expectParquetEqualsCsv, readDraft } from '../../support/report-files';
import { tempDataDir } from './temp-data-dir';

const DATE = '2026-11-28';

describe('DuckDbReportQuery on the local folder tree', () => {
  let dataDir: string;
  let remove: () => Promise<void>;
  let query: DuckDbReportQuery;
  let partitions: FilePartitionStore;

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
    query = new DuckDbReportQuery({ dataDir });
    partitions = new FilePartitionStore({ dataDir });
  });

  afterEach(async () => {
    await query.close();
    await remove();
  });

  it('reads awkward device ids (quotes, commas, line breaks, padding) back intact and in order', async () => {
    const records = awkwardRecords().map((r) => ({ ...r, recordedAt: Date.parse(`${DATE}T10:00:00.000Z`) }));
    await partitions.writePart({ date: DATE, index: 0, of: 1 }, inChunks(records, 3));
    expect(await readAll(query.rowsFor(DATE))).toEqual([...records].sort(compareForReport));
  });

  it('ignores temp files left in the date folder', async () => {
    const records = someRecords(10, 1);
    await partitions.writePart({ date: DATE, index: 0, of: 1 }, inChunks(records));
    await fs.writeFile(path.join(dataDir, 'storage', `dt=${DATE}`, '.tmp-left-over'), 'not,a,record\n');
    expect(await readAll(query.rowsFor(DATE))).toEqual([...records].sort(compareForReport));
  });

  it('fails with CORRUPT_OBJECT naming the date folder when a row is not a record', async () => {
    await partitions.writePart({ date: DATE, index: 0, of: 1 }, inChunks(someRecords(5, 1)));
    await fs.appendFile(
      path.join(dataDir, 'storage', `dt=${DATE}`, 'part-00-of-01.csv'),
      'nothex,dev,2026-11-28T00:00:00.000Z,1,2,,,,,2026-11-28T00:00:01.000Z\n',
    );
    const error = await readAll(query.rowsFor(DATE)).catch((e: unknown) => e);
    expect(isLocusError(error, 'CORRUPT_OBJECT')).toBe(true);
    expect((error as Error).message).toContain(`storage/dt=${DATE}`);
  });

  it('spills to a folder of its own under <dataDir>/tmp, removed when closed', async () => {
    await partitions.writePart({ date: DATE, index: 0, of: 1 }, inChunks(someRecords(10, 3)));
    await readAll(query.rowsFor(DATE));
    expect(await fs.readdir(path.join(dataDir, 'tmp'))).toEqual([
      expect.stringMatching(new RegExp(`^duckdb-p${process.pid}-[0-9a-f]{12}$`)),
    ]);
    await query.close();
    expect(await fs.readdir(path.join(dataDir, 'tmp'))).toEqual([]);
    expect(await readAll(query.rowsFor(DATE))).toHaveLength(10);
  });

  it('stops the query cleanly when the reader stops early', async () => {
    await partitions.writePart({ date: DATE, index: 0, of: 1 }, inChunks(someRecords(9_000, 2)));
    for await (const chunk of query.rowsFor(DATE)) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(await readAll(query.rowsFor(DATE))).toHaveLength(9_000);
  });

  const draftOf = async (of: DuckDbReportQuery = query, date = DATE) => {
    const draft = await of.draft(date);
    try {
      return await readDraft(draft);
    } finally {
      await draft.discard();
    }
  };

  /** Tables left in the query's DuckDB (each draft sorts into a table of its own and drops it). */
  const tablesLeft = async (): Promise<number> => {
    // biome-ignore lint/complexity/useLiteralKeys: the engine is private; the test looks inside it for leftovers
    const connection = await query['engine'].connect();
    try {
      const rows = (await connection.runAndReadAll('SELECT count(*) FROM duckdb_tables()')).getRows();
      return Number(rows[0]?.[0]);
    } finally {
      connection.closeSync();
    }
  };

  const expectedCsv = (records: readonly LocationRecord[]): string =>
    `${LOCATION_CSV_HEADER}\r\n${[...records]
      .sort(compareForReport)
      .map((r) => `${encodeReportCsv(r)}\r\n`)
      .join('')}`;

  it('drafts with DuckDB the exact CSV the codec writes, awkward and formula-like device ids included', async () => {
    const formulas = [
      '=cmd',
      '+1+2',
      '@SUM',
      '-x',
      '-12.5',
      '\uFF1Dfull',
      '\tTAB',
      '\rCR',
      '\uFF0Bp',
      '\uFF0Dm',
      '\uFF20a',
      '\u0301=x',
      '=\u0301',
    ].map((deviceId, i) => aStoredRecord({ deviceId, recordedAt: Date.parse(`${DATE}T11:00:00.000Z`) + i }));
    const records = [
      ...awkwardRecords().map((r) => ({ ...r, recordedAt: Date.parse(`${DATE}T10:00:00.000Z`) })),
      ...formulas,
      ...someRecords(500, 4, { date: DATE }),
    ];
    await partitions.writePart({ date: DATE, index: 0, of: 1 }, inChunks(records, 50));
    const { csv, parquet, csvRows } = await draftOf();
    expect(csv).toBe(expectedCsv(records));
    expect(csvRows).toBe(records.length);
    expect(await expectParquetEqualsCsv(parquet, csv)).toBe(records.length);
  });

  it('drafts two dates at once on one query, each from its own rows', async () => {
    const OTHER = '2026-11-29';
    const first = someRecords(2_000, 5, { date: DATE });
    const second = someRecords(1_500, 6, { date: OTHER });
    await partitions.writePart({ date: DATE, index: 0, of: 1 }, inChunks(first));
    await partitions.writePart({ date: OTHER, index: 0, of: 1 }, inChunks(second));
    const [a, b] = await Promise.all([draftOf(query, DATE), draftOf(query, OTHER)]);
    expect(a.csv).toBe(expectedCsv(first));
    expect(b.csv).toBe(expectedCsv(second));
    expect(await expectParquetEqualsCsv(a.parquet, a.csv)).toBe(first.length);
    expect(await expectParquetEqualsCsv(b.parquet, b.csv)).toBe(second.length);
    expect(await tablesLeft()).toBe(0);
  });

  it('drafts one row per record id, the earliest received, in the CSV and the Parquet alike, when a part holds copies', async () => {
    const records = someRecords(300, 3, { date: DATE });
    const copies = records
      .filter((_, i) => i % 7 === 0)
      .map((r, i) => ({ ...r, receivedAt: r.receivedAt + (i % 2 === 0 ? 1_000 : -1_000) }));
    const earliest = records.map(
      (r) => copies.find((c) => c.recordId === r.recordId && c.receivedAt < r.receivedAt) ?? r,
    );
    await partitions.writePart({ date: DATE, index: 0, of: 1 }, inChunks([...copies, ...records], 40));
    const { csv, parquet, csvRows } = await draftOf();
    expect(csv).toBe(expectedCsv(earliest));
    expect(csvRows).toBe(records.length);
    expect(await expectParquetEqualsCsv(parquet, csv)).toBe(records.length);
  });

  it('drafts the same files range after range as in one query, awkward device ids included, leaving no temp file behind', async () => {
    const awkward = [
      ...awkwardRecords(),
      aStoredRecord({ deviceId: '=cmd' }),
      aStoredRecord({ deviceId: '-x' }),
    ];
    const records = [
      ...awkward.map((r, i) => ({ ...r, recordedAt: Date.parse(`${DATE}T10:00:00.000Z`) + i })),
      ...someRecords(4_000, 8, { date: DATE, devices: 300 }),
    ];
    await partitions.writePart({ date: DATE, index: 0, of: 2 }, inChunks(records.slice(0, 2_000)));
    await partitions.writePart({ date: DATE, index: 1, of: 2 }, inChunks(records.slice(2_000)));
    const ranged = new DuckDbReportQuery({ dataDir }, { rangeBytes: 64 * 1024 });
    try {
      const whole = await draftOf();
      const inRanges = await draftOf(ranged);
      expect(inRanges.csv).toBe(expectedCsv(records));
      expect(inRanges.csv).toBe(whole.csv);
      expect(inRanges.parquet.equals(whole.parquet)).toBe(true);
    } finally {
      await ranged.close();
    }
    expect(
      (await fs.readdir(path.join(dataDir, 'tmp'))).filter((name) => name.startsWith('report-')),
    ).toEqual([]);
  });

  it('fails the draft with CORRUPT_OBJECT when a row is not a record, and removes its files', async () => {
    await partitions.writePart({ date: DATE, index: 0, of: 1 }, inChunks(someRecords(5, 1)));
    await fs.appendFile(
      path.join(dataDir, 'storage', `dt=${DATE}`, 'part-00-of-01.csv'),
      'nothex,dev,2026-11-28T00:00:00.000Z,1,2,,,,,2026-11-28T00:00:01.000Z\n',
    );
    const error = await query.draft(DATE).catch((e: unknown) => e);
    expect(isLocusError(error, 'CORRUPT_OBJECT')).toBe(true);
    expect((error as Error).message).toContain(`storage/dt=${DATE}`);
    expect(await tablesLeft()).toBe(0);
    expect(
      (await fs.readdir(path.join(dataDir, 'tmp'))).filter((name) => name.startsWith('report-')),
    ).toEqual([]);
  });
});
