import {
  type CalendarDate,
  compareForReport,
  encodeReportCsv,
  LOCATION_CSV_HEADER,
  type LocationRecord,
  type PartRef,
  partIndexOf,
} from '../domain';
import type { PartitionStore, ReportQuery } from '../ports';
import { seededRandom } from '../simulator/random';
import { aRecord, expectSameRecords, inChunks, readAll, someRecords } from './records';
import { expectParquetEqualsCsv, readDraft } from './report-files';

export interface ReportQueryFixture {
  query: ReportQuery;
  /** The partitions the query reads; the suite seeds them through `writePart`. */
  partitions: PartitionStore;
  teardown?(): Promise<void>;
}

const DATE = '2026-11-28';
const at = (time: string): number => Date.parse(`${DATE}T${time}Z`);

const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

/**
 * The behaviour every {@link ReportQuery} adapter shows through the port: one date's records, each
 * record id once (the earliest received copy), ordered by device_id, recorded_at, record_id.
 */
export const describeReportQueryContract = (
  adapterName: string,
  createFixture: () => Promise<ReportQueryFixture>,
): void => {
  describe(`${adapterName} (ReportQuery contract)`, () => {
    let fixture: ReportQueryFixture;
    let query: ReportQuery;

    beforeEach(async () => {
      fixture = await createFixture();
      query = fixture.query;
    });

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    /** Files records into the date's parts as the partition phase does (by record id). */
    const seed = async (
      date: CalendarDate,
      of: number,
      records: readonly LocationRecord[],
    ): Promise<void> => {
      const parts = Array.from({ length: of }, (): LocationRecord[] => []);
      for (const record of records) parts[partIndexOf(record.recordId, of)]?.push(record);
      for (let index = 0; index < of; index++) {
        await fixture.partitions.writePart({ date, index, of }, inChunks(parts[index] ?? [], 1_000));
      }
    };

    const writePart = (ref: PartRef, records: readonly LocationRecord[]) =>
      fixture.partitions.writePart(ref, inChunks(records, 1_000));

    const sortedForReport = (records: readonly LocationRecord[]): LocationRecord[] =>
      [...records].sort(compareForReport);

    it('yields nothing for a date without parts', async () => {
      await seed('2026-11-27', 1, [aRecord({ recordedAt: Date.parse('2026-11-27T12:00:00Z') })]);
      expect(await readAll(query.rowsFor(DATE))).toEqual([]);
    });

    it('yields nothing for a date whose parts are empty', async () => {
      await seed(DATE, 2, []);
      expect(await readAll(query.rowsFor(DATE))).toEqual([]);
    });

    it('orders rows by device_id, then recorded_at, then record_id', async () => {
      const devices = [
        'phone-b',
        'Phone-B',
        'phone-a',
        '1phone',
        'phone-a.x',
        'phone:a',
        'phone@a',
        'phone_a',
        'PHONE-A',
      ];
      const records: LocationRecord[] = [];
      for (const [d, deviceId] of devices.entries()) {
        for (const time of ['10:00:00.000', '09:59:59.999', '00:00:00.000', '23:59:59.999']) {
          records.push(aRecord({ deviceId, recordedAt: at(time), latitude: d }));
        }
        for (let k = 0; k < 4; k++) {
          records.push(aRecord({ deviceId, recordedAt: at('12:00:00.000'), latitude: d, longitude: k }));
        }
      }
      await seed(DATE, 4, shuffled(records, 42));
      const rows = await readAll(query.rowsFor(DATE));
      expectSameRecords(rows, sortedForReport(records));
    });

    it('keeps every field of a row intact, null measurements included', async () => {
      const records = [
        aRecord({
          deviceId: 'all',
          recordedAt: at('00:00:00.000'),
          accuracy: 0,
          altitude: -430.5,
          speed: 0.25,
          heading: 360,
        }),
        aRecord({
          deviceId: 'none',
          recordedAt: at('23:59:59.999'),
          accuracy: null,
          altitude: null,
          speed: null,
          heading: null,
        }),
        aRecord({
          deviceId: 'edge',
          recordedAt: at('12:34:56.789'),
          latitude: -90,
          longitude: 180,
          accuracy: 1234.5678,
        }),
        aRecord({
          deviceId: 'fine',
          recordedAt: at('06:00:00.001'),
          latitude: 35.681236,
          longitude: -139.767125,
        }),
      ];
      await seed(DATE, 1, records);
      expectSameRecords(await readAll(query.rowsFor(DATE)), sortedForReport(records));
    });

    it('yields each record id once, the copy received first, within and across parts', async () => {
      const base = { deviceId: 'dup', recordedAt: at('08:00:00.000') };
      const late = aRecord({ ...base, receivedAt: at('08:30:00.000') });
      const early = aRecord({ ...base, receivedAt: at('08:00:01.000') });
      const middle = aRecord({ ...base, receivedAt: at('08:10:00.000') });
      const other = aRecord({ deviceId: 'dup', recordedAt: at('07:00:00.000') });
      expect(early.recordId).toBe(late.recordId);
      await writePart({ date: DATE, index: 0, of: 2 }, [late, other, middle]);
      await writePart({ date: DATE, index: 1, of: 2 }, [early, other]);
      expectSameRecords(await readAll(query.rowsFor(DATE)), [other, early]);
    });

    it("yields only the requested date's records", async () => {
      const day = someRecords(50, 1, { date: DATE });
      await seed('2026-11-27', 2, someRecords(30, 2, { date: '2026-11-27' }));
      await seed(DATE, 2, day);
      await seed('2026-11-29', 2, someRecords(30, 3, { date: '2026-11-29' }));
      expectSameRecords(await readAll(query.rowsFor(DATE)), sortedForReport(day));
    });

    it('yields a day of 20,000 records with later copies dropped, in order and in non-empty chunks', async () => {
      const records = someRecords(20_000, 21, { date: DATE, devices: 200 });
      const copies = records
        .filter((_, i) => i % 40 === 0)
        .map((r) => ({ ...r, receivedAt: r.receivedAt + 3_600_000 }));
      await seed(DATE, 4, shuffled([...copies, ...records], 5));
      const rows: LocationRecord[] = [];
      const chunkSizes: number[] = [];
      for await (const chunk of query.rowsFor(DATE)) {
        chunkSizes.push(chunk.length);
        rows.push(...chunk);
      }
      expect(chunkSizes.every((n) => n > 0)).toBe(true);
      expect(rows).toHaveLength(20_000);
      expectSameRecords(rows, sortedForReport(records));
    });

    it('drafts the rows as the contract CSV and a Parquet that holds them value for value, in order', async () => {
      const records = someRecords(3_000, 31, { date: DATE, devices: 40 });
      const copies = records
        .filter((_, i) => i % 50 === 0)
        .map((r) => ({ ...r, receivedAt: r.receivedAt + 60_000 }));
      await seed(DATE, 2, shuffled([...copies, ...records], 7));
      const draft = await query.draft(DATE);
      try {
        const { csv, parquet, csvRows, parquetRows } = await readDraft(draft);
        const expected = sortedForReport(records);
        expect(csv).toBe(
          `${LOCATION_CSV_HEADER}\r\n${expected.map((r) => `${encodeReportCsv(r)}\r\n`).join('')}`,
        );
        expect([csvRows, parquetRows]).toEqual([3_000, 3_000]);
        expect(await expectParquetEqualsCsv(parquet, csv)).toBe(3_000);
      } finally {
        await draft.discard();
      }
    });

    it('drafts a header-only CSV and an empty Parquet for a date without parts', async () => {
      const draft = await query.draft(DATE);
      try {
        const { csv, parquet, csvRows, parquetRows } = await readDraft(draft);
        expect(csv).toBe(`${LOCATION_CSV_HEADER}\r\n`);
        expect([csvRows, parquetRows]).toEqual([0, 0]);
        expect(await expectParquetEqualsCsv(parquet, csv)).toBe(0);
      } finally {
        await draft.discard();
      }
    });
  });
};
