import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeLocationLines, LOCATION_CSV_HEADER } from '../domain';
import { type ReportFiles, type ReportStore, reportKey } from '../ports';
import { awkwardRecords, someRecords } from './records';

export interface ReportStoreFixture {
  store: ReportStore;
  teardown?(): Promise<void>;
}

async function* texts(parts: readonly string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

async function* failingTexts(parts: readonly string[]): AsyncGenerator<string> {
  yield* texts(parts);
  throw new Error('the rows failed');
}

const csvOf = (parts: readonly string[]): ReportFiles => ({ csv: { bytes: texts(parts) } });
const failingCsvOf = (parts: readonly string[]): ReportFiles => ({ csv: { bytes: failingTexts(parts) } });

const readText = async (bytes: AsyncIterable<Uint8Array> | undefined): Promise<string | undefined> => {
  if (bytes === undefined) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of bytes) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
};

/** Asserts two texts are equal, reporting only where they first differ (reports are megabytes long). */
const expectSameText = (actual: string | undefined, expected: string): void => {
  if (actual === expected) return;
  if (actual === undefined) {
    expect(actual).toBe(expected);
    return;
  }
  let at = 0;
  while (at < actual.length && actual[at] === expected[at]) at++;
  const around = (text: string): string => text.slice(Math.max(0, at - 40), at + 40);
  expect({ length: actual.length, firstDifferenceAt: at, around: around(actual) }).toEqual({
    length: expected.length,
    firstDifferenceAt: at,
    around: around(expected),
  });
};

const reportText = (seed: number, rows: number): string[] => {
  const lines = encodeLocationLines(someRecords(rows, seed));
  return [`${LOCATION_CSV_HEADER}\n`, lines];
};

/**
 * The behaviour every {@link ReportStore} adapter shows through the port: one report per date,
 * published whole and atomically, read back byte for byte, listed by date.
 */
export const describeReportStoreContract = (
  adapterName: string,
  createFixture: () => Promise<ReportStoreFixture>,
): void => {
  describe(`${adapterName} (ReportStore contract)`, () => {
    let fixture: ReportStoreFixture;
    let store: ReportStore;

    beforeEach(async () => {
      fixture = await createFixture();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    it('has no report for a date that was never published, and lists none', async () => {
      expect(await store.open('2026-11-28')).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('publishes a report and reads it back byte for byte', async () => {
      const parts = [`${LOCATION_CSV_HEADER}\n`, encodeLocationLines(awkwardRecords()), 'café,東京,🚗\n'];
      const text = parts.join('');
      const published = await store.publish('2026-11-28', csvOf(parts));
      expect(published.date).toBe('2026-11-28');
      expect(published.bytes).toBe(Buffer.byteLength(text, 'utf8'));
      expect(published.location.endsWith(reportKey('2026-11-28'))).toBe(true);
      expectSameText(await readText(await store.open('2026-11-28')), text);
    });

    it('lists published reports by date with their sizes', async () => {
      const dates = ['2026-11-28', '2025-12-31', '2026-11-27'];
      const expected = [];
      for (const [i, date] of dates.entries()) {
        const published = await store.publish(date, csvOf(reportText(i, 3 + i)));
        expected.push(published);
      }
      const listed = await store.list();
      expect(listed.map((r) => r.date)).toEqual(['2025-12-31', '2026-11-27', '2026-11-28']);
      for (const report of listed) {
        const match = expected.find((e) => e.date === report.date);
        expect(report.bytes).toBe(match?.bytes);
        expect(report.location.endsWith(reportKey(report.date))).toBe(true);
      }
    });

    it('replaces the report of a date published again', async () => {
      await store.publish('2026-11-28', csvOf(reportText(1, 500)));
      const second = reportText(2, 3);
      const published = await store.publish('2026-11-28', csvOf(second));
      expectSameText(await readText(await store.open('2026-11-28')), second.join(''));
      expect(await store.list()).toEqual([published]);
    });

    it('keeps an empty report', async () => {
      const published = await store.publish('2026-11-28', csvOf([]));
      expect(published.bytes).toBe(0);
      expectSameText(await readText(await store.open('2026-11-28')), '');
      expect((await store.list()).map((r) => r.date)).toEqual(['2026-11-28']);
    });

    it('round-trips a report of 20,000 rows written in many pieces', async () => {
      const lines = encodeLocationLines(someRecords(20_000, 9)).split(/(?<=\n)/);
      const parts = [`${LOCATION_CSV_HEADER}\n`, ...lines];
      const text = parts.join('');
      const published = await store.publish('2026-11-28', csvOf(parts));
      expect(published.bytes).toBe(Buffer.byteLength(text, 'utf8'));
      expectSameText(await readText(await store.open('2026-11-28')), text);
    });

    it('leaves the previous report unchanged when the text to publish fails midway', async () => {
      const before = reportText(3, 20);
      await store.publish('2026-11-28', csvOf(before));
      await expect(store.publish('2026-11-28', failingCsvOf(reportText(4, 40)))).rejects.toThrow();
      expectSameText(await readText(await store.open('2026-11-28')), before.join(''));
    });

    it('publishes nothing when the text of a first report fails midway', async () => {
      await expect(store.publish('2026-11-29', failingCsvOf(reportText(5, 40)))).rejects.toThrow();
      expect(await store.open('2026-11-29')).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    const parquetBytes = (seed: number): Buffer =>
      Buffer.concat([
        Buffer.from('PAR1'),
        Buffer.from(
          someRecords(50, seed)
            .map((r) => r.recordId)
            .join(''),
        ),
        Buffer.from('PAR1'),
      ]);

    async function* bytesOf(data: Buffer): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < data.length; i += 1000) yield data.subarray(i, i + 1000);
    }

    const readBytes = async (bytes: AsyncIterable<Uint8Array> | undefined): Promise<Buffer | undefined> => {
      if (bytes === undefined) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of bytes) chunks.push(Buffer.from(chunk));
      return Buffer.concat(chunks);
    };

    it('publishes the Parquet beside the CSV, each read back byte for byte and listed', async () => {
      const csv = reportText(6, 30);
      const parquet = parquetBytes(6);
      const published = await store.publish('2026-11-28', {
        csv: { bytes: texts(csv) },
        parquet: { bytes: bytesOf(parquet) },
      });
      expect(published.parquet?.bytes).toBe(parquet.length);
      expect(published.parquet?.location.endsWith(reportKey('2026-11-28', 'parquet'))).toBe(true);
      expectSameText(await readText(await store.open('2026-11-28', 'csv')), csv.join(''));
      expect((await readBytes(await store.open('2026-11-28', 'parquet')))?.equals(parquet)).toBe(true);
      expect(await store.list()).toEqual([published]);
    });

    it('has no Parquet for a date without one', async () => {
      await store.publish('2026-11-28', csvOf(reportText(7, 3)));
      expect(await store.open('2026-11-28', 'parquet')).toBeUndefined();
      expect(await store.open('2026-11-29', 'parquet')).toBeUndefined();
      expect((await store.list())[0]?.parquet).toBeUndefined();
    });

    it('takes a drafted file by its path or its bytes alike', async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-draft-'));
      try {
        const parquet = parquetBytes(8);
        const file = path.join(dir, 'locations.parquet');
        await fs.writeFile(file, parquet);
        const published = await store.publish('2026-11-28', {
          csv: { bytes: texts(reportText(8, 5)) },
          parquet: { bytes: bytesOf(parquet), file },
        });
        expect(published.parquet?.bytes).toBe(parquet.length);
        expect((await readBytes(await store.open('2026-11-28', 'parquet')))?.equals(parquet)).toBe(true);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });

    it('leaves the previous CSV and Parquet unchanged when the new CSV fails midway', async () => {
      const before = reportText(9, 20);
      const parquet = parquetBytes(9);
      await store.publish('2026-11-28', {
        csv: { bytes: texts(before) },
        parquet: { bytes: bytesOf(parquet) },
      });
      const publishing = store.publish('2026-11-28', {
        csv: { bytes: failingTexts(reportText(10, 40)) },
        parquet: { bytes: bytesOf(parquetBytes(10)) },
      });
      await expect(publishing).rejects.toThrow('the rows failed');
      expectSameText(await readText(await store.open('2026-11-28')), before.join(''));
      expect((await readBytes(await store.open('2026-11-28', 'parquet')))?.equals(parquet)).toBe(true);
    });

    it('leaves the previous report unchanged when the new Parquet fails midway', async () => {
      const before = reportText(11, 20);
      const parquet = parquetBytes(11);
      await store.publish('2026-11-28', {
        csv: { bytes: texts(before) },
        parquet: { bytes: bytesOf(parquet) },
      });
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield Buffer.from('PAR1');
        throw new Error('the Parquet failed');
      }
      const publishing = store.publish('2026-11-28', {
        csv: { bytes: texts(reportText(12, 40)) },
        parquet: { bytes: failing() },
      });
      await expect(publishing).rejects.toThrow('the Parquet failed');
      expectSameText(await readText(await store.open('2026-11-28')), before.join(''));
      expect((await readBytes(await store.open('2026-11-28', 'parquet')))?.equals(parquet)).toBe(true);
    });
  });
};
