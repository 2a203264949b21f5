import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DuckDbReportQuery } from '../../../src/adapters/local/duckdb-report-query';
import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import { compareForReport } from '../../../src/domain';
import { isLocusError } from '../../../src/ports';
import { awkwardRecords, inChunks, readAll, someRecords } from '../../support/records';
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
      expect.stringMatching(/^duckdb-[0-9a-f]+$/),
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
});
