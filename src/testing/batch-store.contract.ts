import { timeOrderedId } from '../application/shared/batch-ids';
import { type BatchStore, isLocusError } from '../ports';
import { aRecord, awkwardRecords, expectSameRecords, readAll, someRecords } from './records';

export interface BatchStoreFixture {
  store: BatchStore;
  teardown?(): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 28, 9, 15, 0, 0);
const batchId = (minutes: number, unique = 'a1b2c3'): string => timeOrderedId(T0 + minutes * 60_000, unique);

/**
 * The behaviour every {@link BatchStore} adapter shows through the port: whole batches kept and
 * read back intact, pending in id order until marked done, unreadable ones set aside and kept.
 */
export const describeBatchStoreContract = (
  adapterName: string,
  createFixture: () => Promise<BatchStoreFixture>,
): void => {
  describe(`${adapterName} (BatchStore contract)`, () => {
    let fixture: BatchStoreFixture;
    let store: BatchStore;

    beforeEach(async () => {
      fixture = await createFixture();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    it('has nothing pending and nothing quarantined when empty', async () => {
      expect(await store.listPending()).toEqual([]);
      expect(await store.quarantined()).toEqual([]);
    });

    it('reads a batch back with its records intact and in order', async () => {
      const records = [
        aRecord({ deviceId: 'phone-9', accuracy: null }),
        aRecord({ deviceId: 'phone-1', altitude: 12.25, speed: 0, heading: 0 }),
        aRecord({ deviceId: 'phone-5', recordedAt: Date.UTC(2026, 10, 27, 23, 59, 59, 999) }),
      ];
      const id = batchId(0);
      await store.put(id, records);
      expect(await store.listPending()).toEqual([id]);
      expectSameRecords(await readAll(store.read(id)), records);
    });

    it('keeps awkward device ids (commas, quotes, line breaks, non-ASCII) and null fields intact', async () => {
      const records = awkwardRecords();
      await store.put(batchId(1), records);
      expectSameRecords(await readAll(store.read(batchId(1))), records);
    });

    it('round-trips a batch of 20,000 records', async () => {
      const records = someRecords(20_000, 3);
      await store.put(batchId(2), records);
      const chunks: number[] = [];
      const read = [];
      for await (const chunk of store.read(batchId(2))) {
        chunks.push(chunk.length);
        read.push(...chunk);
      }
      expectSameRecords(read, records);
      expect(chunks.every((n) => n > 0)).toBe(true);
    });

    it('keeps an empty batch as a pending batch without records', async () => {
      await store.put(batchId(3), []);
      expect(await store.listPending()).toEqual([batchId(3)]);
      expect(await readAll(store.read(batchId(3)))).toEqual([]);
    });

    it('keeps repeated records as they were given', async () => {
      const record = aRecord();
      await store.put(batchId(4), [record, record]);
      expectSameRecords(await readAll(store.read(batchId(4))), [record, record]);
    });

    it('lists pending batches in id order, whatever the order they were written in', async () => {
      const ids = [batchId(30, 'zz'), batchId(5, 'b'), batchId(5, 'a'), batchId(600, '0'), batchId(-60, 'x')];
      for (const id of ids) await store.put(id, [aRecord({ deviceId: id })]);
      expect(await store.listPending()).toEqual([...ids].sort());
    });

    it('replaces a batch written again under the same id', async () => {
      await store.put(batchId(6), someRecords(50, 1));
      const second = someRecords(3, 2);
      await store.put(batchId(6), second);
      expect(await store.listPending()).toEqual([batchId(6)]);
      expectSameRecords(await readAll(store.read(batchId(6))), second);
    });

    it('is not affected by changes made to the given or returned records', async () => {
      const records = [aRecord({ deviceId: 'one' }), aRecord({ deviceId: 'two' })];
      const expected = records.map((r) => ({ ...r }));
      await store.put(batchId(7), records);
      (records[0] as { deviceId: string }).deviceId = 'changed';
      records.length = 0;
      const first = await readAll(store.read(batchId(7)));
      (first[0] as { deviceId: string }).deviceId = 'changed';
      first.pop();
      expectSameRecords(await readAll(store.read(batchId(7))), expected);
    });

    it('fails to read a batch that does not exist with OBJECT_NOT_FOUND', async () => {
      await store.put(batchId(8), [aRecord()]);
      const error = await readAll(store.read(batchId(9))).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isLocusError(error, 'OBJECT_NOT_FOUND')).toBe(true);
    });

    it('takes a batch marked done out of pending and leaves the others', async () => {
      const [a, b, c] = [batchId(10), batchId(11), batchId(12)];
      for (const id of [a, b, c]) await store.put(id, [aRecord({ deviceId: id })]);
      await store.markDone(b);
      expect(await store.listPending()).toEqual([a, c]);
      expectSameRecords(await readAll(store.read(c)), [aRecord({ deviceId: c })]);
    });

    it('accepts marking a batch done twice, or a batch that does not exist', async () => {
      await store.put(batchId(13), [aRecord()]);
      await store.markDone(batchId(13));
      await store.markDone(batchId(13));
      await store.markDone(batchId(14));
      expect(await store.listPending()).toEqual([]);
      expect(await store.quarantined()).toEqual([]);
    });

    it('sets a quarantined batch aside: not pending, but kept and listed', async () => {
      const [a, b, c] = [batchId(20), batchId(21), batchId(22)];
      for (const id of [a, b, c]) await store.put(id, [aRecord({ deviceId: id })]);
      await store.quarantine(c, 'row 3: latitude "x" is not a number');
      await store.quarantine(a, 'unreadable, with "quotes", commas\nand a line break');
      expect(await store.listPending()).toEqual([b]);
      expect(await store.quarantineReason(a)).toBe('unreadable, with "quotes", commas\nand a line break');
      expect(await store.quarantineReason(c)).toBe('row 3: latitude "x" is not a number');
      expect(await store.quarantineReason(b)).toBeUndefined();
      expect([...(await store.quarantined())].sort()).toEqual([a, c]);
      await store.markDone(b);
      expect(await store.listPending()).toEqual([]);
      expect([...(await store.quarantined())].sort()).toEqual([a, c]);
    });

    it('restores a quarantined batch to pending with its records, and refuses one it does not hold', async () => {
      const [a, b] = [batchId(50), batchId(51)];
      const records = [aRecord({ deviceId: 'restored' }), aRecord({ deviceId: 'restored', latitude: 1 })];
      await store.put(a, records);
      await store.put(b, [aRecord({ deviceId: 'kept-aside' })]);
      await store.quarantine(a, 'bad');
      await store.quarantine(b, 'bad');
      await store.restore(a);
      expect(await store.quarantineReason(a)).toBeUndefined();
      expect(await store.listPending()).toEqual([a]);
      expect(await store.quarantined()).toEqual([b]);
      expectSameRecords(await readAll(store.read(a)), records);
      await expect(store.restore(a)).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
      await expect(store.restore(batchId(52))).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    });

    it('lists only the new batch as pending once the others were done or quarantined', async () => {
      const [a, b] = [batchId(40), batchId(41)];
      await store.put(a, [aRecord({ deviceId: 'a' })]);
      await store.put(b, [aRecord({ deviceId: 'b' })]);
      await store.markDone(a);
      await store.quarantine(b, 'bad');
      const c = batchId(42);
      await store.put(c, [aRecord({ deviceId: 'c' })]);
      expect(await store.listPending()).toEqual([c]);
      expect(await store.quarantined()).toEqual([b]);
    });
  });
};
