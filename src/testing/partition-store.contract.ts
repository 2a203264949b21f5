import type { LocationRecord, PartRef } from '../domain';
import { isLocusError, type PartitionStore } from '../ports';
import {
  aRecord,
  awkwardRecords,
  expectSameRecords,
  failingAfter,
  inChunks,
  readAll,
  someRecords,
} from './records';

export interface PartitionStoreFixture {
  store: PartitionStore;
  /**
   * Every name the adapter's technology holds under `storage/`, unfinished writes included (temp
   * files, objects); an adapter with nothing of the kind (memory) leaves it out.
   */
  storedNames?(): Promise<readonly string[]>;
  teardown?(): Promise<void>;
}

/** A source that notes when its last chunk has been taken (the generator ran to its end). */
const watchedSource = (records: readonly LocationRecord[], size: number) => {
  const state = { drained: false };
  async function* source(): AsyncGenerator<readonly LocationRecord[]> {
    yield* inChunks(records, size);
    state.drained = true;
  }
  return { state, source: source() };
};

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

    describe('commit check (commitIf)', () => {
      const stored = async (): Promise<readonly string[] | undefined> => fixture.storedNames?.();

      it('replaces the part when the check answers true, calling it once after every record was taken', async () => {
        const ref = part('2026-11-28', 0, 1);
        await write(ref, someRecords(50, 1));
        const replacement = someRecords(700, 2);
        const { state, source } = watchedSource(replacement, 100);
        const calls: boolean[] = [];
        const commitIf = async () => {
          calls.push(state.drained);
          return true;
        };
        expect(await store.writePart(ref, source, { commitIf })).toEqual({ recordCount: 700 });
        expect(calls).toEqual([true]);
        expectSameRecords(await readAll(store.readPart(ref)), replacement);
      });

      it('keeps the new part out of sight while the check runs', async () => {
        const ref = part('2026-11-28', 1, 2);
        const before = someRecords(40, 3);
        await write(ref, before);
        const seen: LocationRecord[][] = [];
        const commitIf = async () => {
          seen.push(await readAll(store.readPart(ref)));
          return true;
        };
        await store.writePart(ref, inChunks(someRecords(60, 4), 25), { commitIf });
        expect(seen).toHaveLength(1);
        expectSameRecords(seen[0], before);
        expect(await readAll(store.readPart(ref))).toHaveLength(60);
      });

      it('rejects with LOCK_LOST and leaves the previous part and nothing else when the check answers false', async () => {
        const ref = part('2026-11-28', 0, 1);
        const before = someRecords(300, 5);
        await write(ref, before);
        const namesBefore = await stored();
        const { state, source } = watchedSource(someRecords(500, 6), 100);
        const calls: boolean[] = [];
        const commitIf = async () => {
          calls.push(state.drained);
          return false;
        };
        const error = await store.writePart(ref, source, { commitIf }).catch((e: unknown) => e);
        expect(isLocusError(error, 'LOCK_LOST')).toBe(true);
        expect(calls).toEqual([true]);
        expectSameRecords(await readAll(store.readPart(ref)), before);
        expect(await store.listParts('2026-11-28')).toEqual([ref]);
        expect(await stored()).toEqual(namesBefore);
      });

      it('creates no part, no date and nothing stored when the check of a first write answers false', async () => {
        const ref = part('2026-11-29', 2, 4);
        const namesBefore = await stored();
        await expect(
          store.writePart(ref, inChunks(someRecords(80, 7), 30), { commitIf: async () => false }),
        ).rejects.toMatchObject({ code: 'LOCK_LOST' });
        expect(await store.listParts('2026-11-29')).toEqual([]);
        expect(await store.listDates()).toEqual([]);
        expect(await readAll(store.readPart(ref))).toEqual([]);
        expect(await stored()).toEqual(namesBefore);
      });

      it('passes on what the check throws, leaving the previous part and nothing else', async () => {
        const ref = part('2026-11-28', 3, 4);
        const before = someRecords(120, 8);
        await write(ref, before);
        const namesBefore = await stored();
        const failure = new Error('the lock could not be reached');
        let calls = 0;
        const commitIf = async (): Promise<boolean> => {
          calls++;
          throw failure;
        };
        await expect(store.writePart(ref, inChunks(someRecords(90, 9), 40), { commitIf })).rejects.toBe(
          failure,
        );
        expect(calls).toBe(1);
        expectSameRecords(await readAll(store.readPart(ref)), before);
        expect(await stored()).toEqual(namesBefore);
      });

      it('does not call the check when the records fail midway', async () => {
        const ref = part('2026-11-28', 0, 1);
        const before = someRecords(30, 10);
        await write(ref, before);
        let calls = 0;
        const commitIf = async () => {
          calls++;
          return true;
        };
        await expect(
          store.writePart(ref, failingAfter(someRecords(200, 11), 100), { commitIf }),
        ).rejects.toThrow('the source failed');
        expect(calls).toBe(0);
        expectSameRecords(await readAll(store.readPart(ref)), before);
      });
    });
  });
};
