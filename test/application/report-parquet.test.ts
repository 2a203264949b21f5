import { createHash } from 'node:crypto';
import type { PipelineWorld } from '../reliability/support/pipeline-world';
import { WORLDS } from '../reliability/support/worlds';
import { aRecord } from '../support/records';
import { bytesOf, expectParquetEqualsCsv } from '../support/report-files';

const DATE = '2026-11-28';
/** Noon in Tokyo (the worlds' zone) on DATE, plus `i` seconds. */
const at = (i: number): number => Date.parse(`${DATE}T03:00:00.000Z`) + i * 1_000;

describe.each(WORLDS)('the report of a day as CSV and Parquet (%s)', (_name, openWorld) => {
  let world: PipelineWorld;

  beforeEach(async () => {
    world = await openWorld();
  });

  afterEach(async () => {
    await world.close();
  });

  const records = Array.from({ length: 60 }, (_, i) =>
    aRecord({
      deviceId: `phone-${i % 7}`,
      recordedAt: at(60 - i),
      latitude: 35 + i / 1000,
      longitude: 139.767125,
      accuracy: i % 3 === 0 ? null : i + 0.25,
      heading: i % 4 === 0 ? 360 : null,
    }),
  );

  const fileDay = async (): Promise<void> => {
    await world.raw.queue.enqueue(records);
    await world.services.store.run();
    await world.services.partition.run();
  };

  it('publishes a Parquet that DuckDB reads back equal to the CSV, row for row, and journals both files', async () => {
    await fileDay();
    const outcome = await world.services.report.run(DATE);
    const csv = (await world.reportText(DATE)) as string;
    const parquet = await bytesOf(await world.raw.reports.open(DATE, 'parquet'));
    expect(await expectParquetEqualsCsv(parquet, csv)).toBe(60);

    const { events } = await world.raw.journal.readStream(`report-${DATE}`);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ReportPublished',
        data: expect.objectContaining({
          rowCount: 60,
          checksum: createHash('sha256').update(csv).digest('hex'),
          parquet: {
            location: expect.stringMatching(new RegExp(`locations-${DATE}\\.parquet$`)),
            rowCount: 60,
            checksum: createHash('sha256').update(parquet).digest('hex'),
          },
        }),
      }),
    ]);
    expect(outcome.parquet).toEqual(expect.objectContaining({ rowCount: 60, bytes: parquet.length }));
  });

  it('publishes neither file when the rows do not reconcile with the journal', async () => {
    await fileDay();
    const [part] = await world.raw.partitions.listParts(DATE);
    if (part === undefined) throw new Error('no part');
    const stray = aRecord({ deviceId: 'stray', recordedAt: at(5) });
    const kept: (typeof stray)[] = [stray];
    for await (const chunk of world.raw.partitions.readPart(part)) kept.push(...chunk);
    await world.raw.partitions.writePart(
      part,
      (async function* () {
        yield kept;
      })(),
    );

    await expect(world.services.report.run(DATE)).rejects.toMatchObject({ code: 'REPORT_MISMATCH' });
    expect(await world.raw.reports.open(DATE, 'parquet')).toBeUndefined();
    expect(await world.reportText(DATE)).toBeUndefined();
    const { events } = await world.raw.journal.readStream(`report-${DATE}`);
    expect(events.map((event) => event.type)).toEqual(['ReportRejected']);
  });
});
