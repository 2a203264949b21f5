import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DuckDbPartitionRefiler } from '../../../src/adapters/local/duckdb-partition-refiler';
import { FileBatchStore } from '../../../src/adapters/local/file-batch-store';
import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import { FileScratchSpace } from '../../../src/adapters/local/file-scratch-space';
import { InMemoryBatchStore } from '../../../src/adapters/memory';
import { StreamingRefileArea } from '../../../src/application/partition/streaming-refile';
import { type LocationRecord, partIndexOf, RecordDateResolver } from '../../../src/domain';
import { isLocusError, type RefileArea } from '../../../src/ports';
import {
  aStoredRecord,
  awkwardRecords,
  expectSameRecords,
  readAll,
  someRecords,
} from '../../support/records';
import { tempDataDir } from './temp-data-dir';

const DATE = '2026-11-28';
const byId = (records: readonly LocationRecord[]): LocationRecord[] =>
  [...records].sort((a, b) => (a.recordId < b.recordId ? -1 : 1));

type Open = (dataDir: string, timeZone?: string) => Promise<RefileArea>;

const openers: [string, Open][] = [
  [
    'DuckDbPartitionRefiler',
    async (dataDir, timeZone = 'UTC') => {
      const area = await new DuckDbPartitionRefiler({ dataDir }).open('test', {
        timeZone,
        batches: new FileBatchStore({ dataDir }),
        partitions: new FilePartitionStore({ dataDir }),
      });
      if (area === null) throw new Error('the refiler did not serve the folder tree');
      return area;
    },
  ],
  [
    'StreamingRefileArea',
    async (dataDir, timeZone = 'UTC') =>
      new StreamingRefileArea(
        new FileBatchStore({ dataDir }),
        new FilePartitionStore({ dataDir }),
        await new FileScratchSpace({ dataDir }).open('test'),
        new RecordDateResolver(timeZone),
        1000,
        async () => {},
      ),
  ],
];

describe.each(openers)('%s: a partition run re-filing batches', (_name, open) => {
  let dataDir: string;
  let remove: () => Promise<void>;
  let area: RefileArea | undefined;

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
  });

  afterEach(async () => {
    await area?.dispose();
    area = undefined;
    await remove();
  });

  it('counts each batch by date, merges one copy per id (the earliest received) and keeps awkward text', async () => {
    const batches = new FileBatchStore({ dataDir });
    const partitions = new FilePartitionStore({ dataDir });
    const old = someRecords(40, 3);
    await partitions.writePart(
      { date: DATE, index: 0, of: 1 },
      (async function* () {
        yield old;
      })(),
    );
    const fresh = [...someRecords(30, 4), ...awkwardRecords()];
    const earlierOld = {
      ...(old[0] as LocationRecord),
      receivedAt: (old[0] as LocationRecord).receivedAt - 1,
    };
    const laterOld = { ...(old[1] as LocationRecord), receivedAt: (old[1] as LocationRecord).receivedAt + 1 };
    const nextDay = aStoredRecord({ recordedAt: Date.parse('2026-11-29T01:00:00.000Z') });
    // Sent twice, received later the first time it was stored: the copy received first stays.
    const resent = someRecords(1, 5)[0] as LocationRecord;
    const resentLater = { ...resent, receivedAt: resent.receivedAt + 5 };
    await batches.put('b1', [...fresh.slice(0, 20), earlierOld, resentLater]);
    await batches.put('b2', [...fresh.slice(15), laterOld, nextDay, resent]);
    area = await open(dataDir);

    const staged = await area.stage(['b1', 'b2']);

    expect(staged.batches.get('b1')).toEqual(new Map([[DATE, 22]]));
    expect(staged.batches.get('b2')).toEqual(
      new Map([
        [DATE, fresh.length - 15 + 2],
        ['2026-11-29', 1],
      ]),
    );
    expect(staged.countsByDate).toEqual(
      new Map([
        [DATE, 22 + fresh.length - 15 + 2],
        ['2026-11-29', 1],
      ]),
    );
    const seen: number[] = [];
    const merged = await area.mergePart(
      { date: DATE, index: 0, of: 1 },
      (existing) => seen.push(existing),
      {},
    );
    expect(seen).toEqual([40]);
    // 6 records sent twice, two copies of old records.
    expect(merged).toEqual({ added: fresh.length + 1, duplicatesDropped: 8, total: 41 + fresh.length });
    const expected = [earlierOld, ...old.slice(1), ...fresh, resent];
    expectSameRecords(
      byId(await readAll(partitions.readPart({ date: DATE, index: 0, of: 1 }))),
      byId(expected),
    );
  });

  it('files each record in the part its id fixes, past 16 parts too, counting the copies of each part', async () => {
    const batches = new FileBatchStore({ dataDir });
    const partitions = new FilePartitionStore({ dataDir });
    const records = someRecords(500, 5);
    const copies = records.filter((_, i) => i % 6 === 0).map((r) => ({ ...r, receivedAt: r.receivedAt + 1 }));
    await batches.put('b1', records);
    await batches.put('b2', copies);
    area = await open(dataDir);
    await area.stage(['b1', 'b2']);
    let total = 0;
    for (let index = 0; index < 32; index++) {
      const part = { date: DATE, index, of: 32 };
      const merged = await area.mergePart(part, () => {}, {});
      const inPart = records.filter((record) => partIndexOf(record.recordId, 32) === index);
      const copiesInPart = copies.filter((record) => partIndexOf(record.recordId, 32) === index);
      expect(merged?.total ?? 0).toBe(inPart.length);
      expect(merged?.duplicatesDropped ?? 0).toBe(copiesInPart.length);
      total += merged?.total ?? 0;
      expectSameRecords(byId(await readAll(partitions.readPart(part))), byId(inPart));
    }
    expect(total).toBe(records.length);
  });

  it('writes a new part with one copy of each id, the earliest received, and only once the fence allows it', async () => {
    const batches = new FileBatchStore({ dataDir });
    const partitions = new FilePartitionStore({ dataDir });
    const records = someRecords(60, 13);
    // Every third record was also received earlier, in another batch; every fifth came twice
    // exactly as it was (a message delivered twice), once more in a third batch.
    const earlier = records
      .filter((_, i) => i % 3 === 0)
      .map((r) => ({ ...r, receivedAt: r.receivedAt - 7 }));
    const redelivered = records.filter((_, i) => i % 5 === 0);
    await batches.put('b1', records);
    await batches.put('b2', earlier);
    await batches.put('b3', redelivered);
    const expected = records.map((r, i) => (i % 3 === 0 ? { ...r, receivedAt: r.receivedAt - 7 } : r));
    area = await open(dataDir);
    await area.stage(['b1', 'b2', 'b3']);
    const part = { date: DATE, index: 0, of: 1 };

    const fenced = area.mergePart(part, () => {}, { commitIf: async () => false });

    await expect(fenced).rejects.toMatchObject({ code: 'LOCK_LOST' });
    expect(await partitions.listParts(DATE)).toEqual([]);
    const merged = await area.mergePart(part, (existing) => expect(existing).toBe(0), {
      commitIf: async () => true,
    });
    expect(merged).toEqual({
      added: records.length,
      duplicatesDropped: earlier.length + redelivered.length,
      total: records.length,
    });
    expectSameRecords(byId(await readAll(partitions.readPart(part))), byId(expected));
  });

  it('keeps a copy in each date when one record id comes with times on two dates', async () => {
    const batches = new FileBatchStore({ dataDir });
    const partitions = new FilePartitionStore({ dataDir });
    const OTHER = '2026-11-29';
    const record = aStoredRecord({ recordedAt: Date.parse(`${DATE}T10:00:00.000Z`) });
    // The same id with another time: not what Locus writes (an id is a hash of the content).
    const altered = { ...record, recordedAt: Date.parse(`${OTHER}T10:00:00.000Z`) };
    await batches.put('b1', [record]);
    await batches.put('b2', [altered]);
    area = await open(dataDir);
    const staged = await area.stage(['b1', 'b2']);
    expect(staged.countsByDate).toEqual(
      new Map([
        [DATE, 1],
        [OTHER, 1],
      ]),
    );
    for (const [date, kept] of [
      [DATE, record],
      [OTHER, altered],
    ] as const) {
      const part = { date, index: 0, of: 1 };
      expect(await area.mergePart(part, () => {}, {})).toEqual({ added: 1, duplicatesDropped: 0, total: 1 });
      expectSameRecords(await readAll(partitions.readPart(part)), [kept]);
    }
  });

  it('files the records of two dates staged together, each in its own count of parts', async () => {
    const batches = new FileBatchStore({ dataDir });
    const partitions = new FilePartitionStore({ dataDir });
    const OTHER = '2026-11-29';
    const first = someRecords(300, 11, { date: DATE });
    const second = someRecords(200, 12, { date: OTHER });
    await batches.put('b1', [...first.slice(0, 150), ...second.slice(0, 100)]);
    await batches.put('b2', [...first.slice(150), ...second.slice(100)]);
    area = await open(dataDir);
    await area.stage(['b1', 'b2']);
    for (const [date, records, of] of [
      [DATE, first, 2],
      [OTHER, second, 8],
    ] as const) {
      let total = 0;
      for (let index = 0; index < of; index++) {
        const part = { date, index, of };
        const merged = await area.mergePart(part, () => {}, {});
        const inPart = records.filter((record) => partIndexOf(record.recordId, of) === index);
        expect(merged?.total ?? 0).toBe(inPart.length);
        total += merged?.total ?? 0;
        expectSameRecords(byId(await readAll(partitions.readPart(part))), byId(inPart));
      }
      expect(total).toBe(records.length);
    }
  });

  it('dates records in the run time zone', async () => {
    const batches = new FileBatchStore({ dataDir });
    // 2026-11-28 20:00 UTC is 2026-11-29 in Tokyo.
    await batches.put('b1', [aStoredRecord({ recordedAt: Date.parse('2026-11-28T20:00:00.000Z') })]);
    area = await open(dataDir, 'Asia/Tokyo');
    expect((await area.stage(['b1'])).countsByDate).toEqual(new Map([['2026-11-29', 1]]));
  });

  it('tells an unreadable batch apart and stages the others', async () => {
    const batches = new FileBatchStore({ dataDir });
    await batches.put('good', someRecords(10, 6));
    await batches.put('bad', someRecords(10, 7));
    await fs.appendFile(path.join(dataDir, 'work', 'bad.csv'), 'not,a,record\n');
    area = await open(dataDir);
    const staged = await area.stage(['good', 'bad']);
    expect(staged.batches.get('good')).toEqual(new Map([[DATE, 10]]));
    const bad = staged.batches.get('bad');
    expect(isLocusError(bad, 'CORRUPT_OBJECT')).toBe(true);
  });

  it('leaves the part as it was when the fence refuses or the existing check throws', async () => {
    const batches = new FileBatchStore({ dataDir });
    const partitions = new FilePartitionStore({ dataDir });
    const part = { date: DATE, index: 0, of: 1 };
    const old = someRecords(5, 8);
    await partitions.writePart(
      part,
      (async function* () {
        yield old;
      })(),
    );
    await batches.put('b1', someRecords(5, 9));
    area = await open(dataDir);
    await area.stage(['b1']);
    const fenced = area.mergePart(part, () => {}, { commitIf: async () => false });
    await expect(fenced).rejects.toMatchObject({ code: 'LOCK_LOST' });
    const checked = area.mergePart(
      part,
      () => {
        throw new Error('shortened');
      },
      {},
    );
    await expect(checked).rejects.toThrow('shortened');
    expectSameRecords(byId(await readAll(partitions.readPart(part))), byId(old));
    expect((await fs.readdir(path.join(dataDir, 'storage', `dt=${DATE}`))).sort()).toEqual([
      'part-00-of-01.csv',
    ]);
  });
});

describe('DuckDbPartitionRefiler', () => {
  it('does not serve stores other than the folder tree of its data folder', async () => {
    const { dataDir, remove } = await tempDataDir();
    try {
      const refiler = new DuckDbPartitionRefiler({ dataDir });
      const partitions = new FilePartitionStore({ dataDir });
      expect(
        await refiler.open('x', { timeZone: 'UTC', batches: new InMemoryBatchStore(), partitions }),
      ).toBeNull();
      expect(
        await refiler.open('x', {
          timeZone: 'UTC',
          batches: new FileBatchStore({ dataDir: `${dataDir}-other` }),
          partitions,
        }),
      ).toBeNull();
    } finally {
      await remove();
    }
  });
});
