import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  ALL_DEVICES,
  deviceRanges,
  rangeCondition,
  sampleDeviceIds,
} from '../../../src/adapters/local/device-ranges';
import { DuckDbReportQuery } from '../../../src/adapters/local/duckdb-report-query';
import { streamLines } from '../../../src/adapters/local/duckdb-stream-lines';
import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import { compareForReport, type LocationRecord } from '../../../src/domain';
import { isLocusError } from '../../../src/ports';
import { awkwardRecords, inChunks, readAll, someRecords } from '../../support/records';
import { tempDataDir } from './temp-data-dir';

const DATE = '2026-11-28';

/** A DuckDB connection whose streamed result hands out the given column values, chunk by chunk. */
const fakeConnection = (chunks: readonly (string | null)[][]): Pick<DuckDBConnection, 'stream'> => {
  let next = 0;
  const result = {
    fetchChunk: async () => {
      const values = chunks[next++];
      return values === undefined ? null : { rowCount: values.length, getColumnValues: () => values };
    },
  };
  return { stream: async () => result } as unknown as Pick<DuckDBConnection, 'stream'>;
};

const collect = async (lines: AsyncIterable<string[]>): Promise<string[]> => {
  const all: string[] = [];
  for await (const chunk of lines) all.push(...chunk);
  return all;
};

describe('device id ranges of a large report', () => {
  it('cut a sample at its quantiles into ranges that cover every device id once', () => {
    const sample = ['d', 'a', 'c', 'b', 'b', 'e', 'f', 'g'];
    const ranges = deviceRanges(sample, 4);
    expect(ranges).toEqual([{ to: 'b' }, { from: 'b', to: 'd' }, { from: 'd', to: 'f' }, { from: 'f' }]);
    expect(deviceRanges([], 4)).toEqual([ALL_DEVICES]);
    expect(deviceRanges(['x', 'x', 'x'], 3)).toEqual([{ to: 'x' }, { from: 'x' }]);
  });

  it('order device ids as DuckDB does (UTF-8 bytes), not as JavaScript compares UTF-16', () => {
    // U+FF21 (3 UTF-8 bytes) sorts before U+1F697 (4 bytes) in UTF-8 but after its surrogates in UTF-16.
    const ranges = deviceRanges(['\u{1F697}', '\uFF21', '\u{1F697}', '\uFF21'], 2);
    expect(ranges).toEqual([{ to: '\u{1F697}' }, { from: '\u{1F697}' }]);
  });

  it('give each range its SQL condition, rows without a device id in the last one', () => {
    expect(rangeCondition(ALL_DEVICES)).toBe('true');
    expect(rangeCondition({ to: "o'k" })).toBe("device_id < 'o''k'");
    expect(rangeCondition({ from: 'a', to: 'b' })).toBe("device_id >= 'a' AND device_id < 'b'");
    expect(rangeCondition({ from: 'b' })).toBe("(device_id >= 'b' OR device_id IS NULL)");
  });
});

describe('streamed report lines', () => {
  it('end at the NULL line the query puts last', async () => {
    const lines = streamLines(
      fakeConnection([
        ['a', 'b'],
        ['c', null],
      ]),
      'SELECT',
    );
    expect(await collect(lines)).toEqual(['a', 'b', 'c']);
    expect(await collect(streamLines(fakeConnection([[null]]), 'SELECT'))).toEqual([]);
  });

  it('fail when the result ends without it (DuckDB stopped streaming on the way)', async () => {
    const lines = streamLines(fakeConnection([['a', 'b'], ['c']]), 'SELECT');
    await expect(collect(lines)).rejects.toThrow('ended the result before its last row');
  });
});

describe('DuckDbReportQuery over a date reported in ranges of device ids', () => {
  let dataDir: string;
  let remove: () => Promise<void>;
  const queries: DuckDbReportQuery[] = [];

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
  });

  afterEach(async () => {
    for (const query of queries.splice(0)) await query.close();
    await remove();
  });

  /** Writes `records` into four parts, each record (and its copies) in the part of its id. */
  const writeParts = async (records: readonly LocationRecord[]): Promise<string[]> => {
    const store = new FilePartitionStore({ dataDir });
    for (let index = 0; index < 4; index++) {
      const part = records.filter((r) => Number.parseInt(r.recordId[0] as string, 16) % 4 === index);
      await store.writePart({ date: DATE, index, of: 4 }, inChunks(part, 100));
    }
    const dir = path.join(dataDir, 'storage', `dt=${DATE}`);
    return (await fs.readdir(dir)).map((name) => path.join(dir, name));
  };

  it('gives the same rows, in order, one per record id (the earliest received), as one query', async () => {
    const records = [...someRecords(2_000, 7, { devices: 150 }), ...awkwardRecords()];
    const copies = records
      .filter((_, i) => i % 10 === 0)
      .map((r) => ({ ...r, receivedAt: r.receivedAt + 5_000 }));
    const files = await writeParts([...copies, ...records]);
    let bytes = 0;
    for (const file of files) bytes += (await fs.stat(file)).size;

    const whole = new DuckDbReportQuery({ dataDir });
    const split = new DuckDbReportQuery({ dataDir }, { rangeBytes: Math.ceil(bytes / 6) });
    queries.push(whole, split);
    const expected = [...records].sort(compareForReport);
    expect(await readAll(whole.rowsFor(DATE))).toEqual(expected);
    expect(await readAll(split.rowsFor(DATE))).toEqual(expected);
    const ranges = deviceRanges(await sampleDeviceIds(files), 6);
    expect(ranges.length).toBeGreaterThan(2);
  });

  it('samples device ids that the files hold', async () => {
    const records = someRecords(500, 3, { devices: 40 });
    const files = await writeParts(records);
    const devices = new Set(records.map((r) => r.deviceId));
    const sample = await sampleDeviceIds(files, 8);
    expect(sample.length).toBeGreaterThan(0);
    expect(sample.every((id) => devices.has(id))).toBe(true);
  });

  it('still fails with CORRUPT_OBJECT on a row that is not a record', async () => {
    const files = await writeParts(someRecords(300, 5));
    await fs.appendFile(
      files[0] as string,
      'nothex,dev,2026-11-28T00:00:00.000Z,1,2,,,,,2026-11-28T00:00:01.000Z\n',
    );
    const query = new DuckDbReportQuery({ dataDir }, { rangeBytes: 1_000 });
    queries.push(query);
    const error = await readAll(query.rowsFor(DATE)).catch((e: unknown) => e);
    expect(isLocusError(error, 'CORRUPT_OBJECT')).toBe(true);
  });
});
