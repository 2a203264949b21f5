import type { LocationRecord } from '../domain';
import type { ScratchArea, ScratchSpace } from '../ports';
import { aRecord, awkwardRecords, expectSameRecords, readAll, someRecords } from './records';

export interface ScratchSpaceFixture {
  scratch: ScratchSpace;
  teardown?(): Promise<void>;
}

/**
 * The behaviour every {@link ScratchSpace} adapter shows through the port: private areas whose
 * keys give back what was appended, in append order, until the area is disposed.
 */
export const describeScratchSpaceContract = (
  adapterName: string,
  createFixture: () => Promise<ScratchSpaceFixture>,
): void => {
  describe(`${adapterName} (ScratchSpace contract)`, () => {
    let fixture: ScratchSpaceFixture;
    let scratch: ScratchSpace;
    const opened: ScratchArea[] = [];

    beforeEach(async () => {
      fixture = await createFixture();
      scratch = fixture.scratch;
    });

    afterEach(async () => {
      for (const area of opened.splice(0)) await area.dispose().catch(() => undefined);
      await fixture?.teardown?.();
    });

    const open = async (name: string): Promise<ScratchArea> => {
      const area = await scratch.open(name);
      opened.push(area);
      return area;
    };

    it('opens an empty area: no keys, and reading a key yields nothing', async () => {
      const area = await open('run-1');
      expect(area.keys()).toEqual([]);
      expect(await readAll(area.read('2026-11-28.00'))).toEqual([]);
    });

    it('gives back what was appended under a key, in append order', async () => {
      const area = await open('run-1');
      const [a, b, c] = [someRecords(10, 1), someRecords(1, 2), someRecords(25, 3)];
      await area.append('2026-11-28.00', a);
      await area.append('2026-11-28.00', b);
      await area.append('2026-11-28.00', []);
      await area.append('2026-11-28.00', c);
      expectSameRecords(await readAll(area.read('2026-11-28.00')), [...a, ...b, ...c]);
    });

    it('keeps keys apart and lists each key once', async () => {
      const area = await open('run-1');
      const keys = ['2026-11-28.01', '2026-11-27.00', '2026-11-28.00'];
      const byKey = new Map<string, LocationRecord[]>();
      for (const [i, key] of keys.entries()) {
        const records = someRecords(5, 10 + i);
        byKey.set(key, records);
        await area.append(key, records.slice(0, 2));
        await area.append(key, records.slice(2));
      }
      expect([...area.keys()].sort()).toEqual([...keys].sort());
      for (const key of keys) expectSameRecords(await readAll(area.read(key)), byKey.get(key));
    });

    it('keeps awkward device ids (commas, quotes, line breaks, non-ASCII), null fields and repeats intact', async () => {
      const area = await open('run-1');
      const records = [...awkwardRecords(), ...awkwardRecords()];
      await area.append('2026-11-28.00', records);
      expectSameRecords(await readAll(area.read('2026-11-28.00')), records);
    });

    it('round-trips 20,000 records appended in chunks', async () => {
      const area = await open('run-1');
      const records = someRecords(20_000, 4);
      for (let i = 0; i < records.length; i += 1_000)
        await area.append('2026-11-28.03', records.slice(i, i + 1_000));
      const sizes: number[] = [];
      const read: LocationRecord[] = [];
      for await (const chunk of area.read('2026-11-28.03')) {
        sizes.push(chunk.length);
        read.push(...chunk);
      }
      expectSameRecords(read, records);
      expect(sizes.every((n) => n > 0)).toBe(true);
    });

    it('is not affected by changes made to appended or returned records', async () => {
      const area = await open('run-1');
      const records = [aRecord({ deviceId: 'one' }), aRecord({ deviceId: 'two' })];
      const expected = records.map((r) => ({ ...r }));
      await area.append('k', records);
      (records[0] as { deviceId: string }).deviceId = 'changed';
      records.length = 0;
      const first = await readAll(area.read('k'));
      (first[0] as { deviceId: string }).deviceId = 'changed';
      expectSameRecords(await readAll(area.read('k')), expected);
    });

    it('keeps areas of different names apart', async () => {
      const one = await open('run-1');
      const two = await open('run-2');
      await one.append('2026-11-28.00', [aRecord({ deviceId: 'one' })]);
      await two.append('2026-11-28.00', [aRecord({ deviceId: 'two' })]);
      await two.append('2026-11-29.00', [aRecord({ deviceId: 'two' })]);
      expectSameRecords(await readAll(one.read('2026-11-28.00')), [aRecord({ deviceId: 'one' })]);
      expectSameRecords(await readAll(two.read('2026-11-28.00')), [aRecord({ deviceId: 'two' })]);
      expect(one.keys()).toEqual(['2026-11-28.00']);
    });

    it('frees a disposed area, leaving other areas as they were', async () => {
      const one = await open('run-1');
      const two = await open('run-2');
      await one.append('k', someRecords(100, 1));
      await two.append('k', someRecords(3, 2));
      await one.dispose();
      const again = await open('run-1');
      expect(again.keys()).toEqual([]);
      expect(await readAll(again.read('k'))).toEqual([]);
      expectSameRecords(await readAll(two.read('k')), someRecords(3, 2));
    });
  });
};
