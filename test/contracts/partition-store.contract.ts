import type { LocationRecord, PartRef } from '../../src/domain';
import type { PartitionStore } from '../../src/ports';
import {
  aRecord,
  awkwardRecords,
  expectSameRecords,
  failingAfter,
  inChunks,
  readAll,
  someRecords,
} from '../support/records';

export interface PartitionStoreFixture {
  store: PartitionStore;
  teardown?(): Promise<void>;
}

const part = (date: string, index: number, of: number): PartRef => ({ date, index, of });

/**
 * The behaviour every {@link PartitionStore} adapter shows through the port: parts replaced whole
 * and atomically, read back intact, dates and parts listed in order.
 */
export const describePartitionStoreContract = (
  adapterName: string,
  createFixture: () => Promise<PartitionStoreFixture>,
): void => {
  describe(`${adapterName} (PartitionStore contract)`, () => {
    let fixture: PartitionStoreFixture;
    let store: PartitionStore;

    beforeEach(async () => {
      fixture = await createFixture();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    const write = (ref: PartRef, records: readonly LocationRecord[]) =>
      store.writePart(ref, inChunks(records, 250));

    it('has no dates and no parts when empty, and reading a missing part yields nothing', async () => {
      expect(await store.listDates()).toEqual([]);
      expect(await store.listParts('2026-11-28')).toEqual([]);
      expect(await readAll(store.readPart(part('2026-11-28', 0, 1)))).toEqual([]);
    });

    it('reads a part back with its records intact and in order, and counts them', async () => {
      const records = someRecords(600, 5);
      const ref = part('2026-11-28', 0, 1);
      expect(await write(ref, records)).toEqual({ recordCount: 600 });
      expectSameRecords(await readAll(store.readPart(ref)), records);
      expect(await store.listDates()).toEqual(['2026-11-28']);
      expect(await store.listParts('2026-11-28')).toEqual([ref]);
    });

    it('keeps awkward device ids (commas, quotes, line breaks, non-ASCII) and null fields intact', async () => {
      const records = awkwardRecords();
      const ref = part('2026-11-28', 1, 2);
      await write(ref, records);
      expectSameRecords(await readAll(store.readPart(ref)), records);
    });

    it('round-trips a part of 20,000 records', async () => {
      const records = someRecords(20_000, 11);
      const ref = part('2026-11-29', 3, 4);
      expect(await store.writePart(ref, inChunks(records, 1_000))).toEqual({ recordCount: 20_000 });
      const chunks: number[] = [];
      const read: LocationRecord[] = [];
      for await (const chunk of store.readPart(ref)) {
        chunks.push(chunk.length);
        read.push(...chunk);
      }
      expectSameRecords(read, records);
      expect(chunks.every((n) => n > 0)).toBe(true);
    });

    it('keeps an empty part as a part without records', async () => {
      const ref = part('2026-11-28', 0, 2);
      expect(await write(ref, [])).toEqual({ recordCount: 0 });
      expect(await store.listParts('2026-11-28')).toEqual([ref]);
      expect(await readAll(store.readPart(ref))).toEqual([]);
    });

    it('keeps repeated records as they were given', async () => {
      const record = aRecord();
      const ref = part('2026-11-28', 0, 1);
      expect(await write(ref, [record, record])).toEqual({ recordCount: 2 });
      expectSameRecords(await readAll(store.readPart(ref)), [record, record]);
    });

    it('lists dates ascending, each once', async () => {
      for (const [date, index] of [
        ['2026-11-29', 0],
        ['2025-12-31', 1],
        ['2026-11-28', 1],
        ['2026-11-28', 0],
        ['2026-01-05', 0],
      ] as const) {
        await write(part(date, index, 2), [aRecord()]);
      }
      expect(await store.listDates()).toEqual(['2025-12-31', '2026-01-05', '2026-11-28', '2026-11-29']);
    });

    it("lists only the parts that exist, by index, with the date's part count", async () => {
      for (const index of [10, 2, 0, 1]) await write(part('2026-11-28', index, 16), [aRecord()]);
      await write(part('2026-11-27', 5, 16), [aRecord()]);
      expect(await store.listParts('2026-11-28')).toEqual(
        [0, 1, 2, 10].map((i) => part('2026-11-28', i, 16)),
      );
      expect(await store.listParts('2026-11-30')).toEqual([]);
    });

    it('replaces a part written again, leaving the other parts and dates as they were', async () => {
      const a = part('2026-11-28', 0, 2);
      const b = part('2026-11-28', 1, 2);
      const c = part('2026-11-29', 0, 2);
      const [ra, rb, rc] = [someRecords(40, 1), someRecords(30, 2), someRecords(20, 3)];
      await write(a, ra);
      await write(b, rb);
      await write(c, rc);
      const replacement = someRecords(5, 4);
      expect(await write(a, replacement)).toEqual({ recordCount: 5 });
      expectSameRecords(await readAll(store.readPart(a)), replacement);
      expectSameRecords(await readAll(store.readPart(b)), rb);
      expectSameRecords(await readAll(store.readPart(c)), rc);
    });

    it('leaves the previous part unchanged when the records to write fail midway', async () => {
      const ref = part('2026-11-28', 0, 1);
      const before = someRecords(300, 8);
      await write(ref, before);
      await expect(store.writePart(ref, failingAfter(someRecords(500, 9), 400))).rejects.toThrow();
      expectSameRecords(await readAll(store.readPart(ref)), before);
      expect(await store.listParts('2026-11-28')).toEqual([ref]);
    });

    it('creates no part when the records of its first write fail midway', async () => {
      const ref = part('2026-11-28', 1, 4);
      await expect(store.writePart(ref, failingAfter(someRecords(500, 9), 250))).rejects.toThrow();
      expect(await store.listParts('2026-11-28')).toEqual([]);
      expect(await store.listDates()).toEqual([]);
      expect(await readAll(store.readPart(ref))).toEqual([]);
    });

    it('is not affected by changes made to the given chunks or returned records', async () => {
      const chunk = [aRecord({ deviceId: 'one' }), aRecord({ deviceId: 'two' })];
      const expected = chunk.map((r) => ({ ...r }));
      const ref = part('2026-11-28', 0, 1);
      async function* once() {
        yield chunk;
      }
      await store.writePart(ref, once());
      (chunk[0] as { deviceId: string }).deviceId = 'changed';
      chunk.length = 0;
      const first = await readAll(store.readPart(ref));
      (first[0] as { deviceId: string }).deviceId = 'changed';
      expectSameRecords(await readAll(store.readPart(ref)), expected);
    });
  });
};
