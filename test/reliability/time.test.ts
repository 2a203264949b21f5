import { formatPipelineStatus } from '../../src/cli/output/status-text';
import { decodeLocationCsv } from '../../src/domain';
import type { PipelineWorld } from './support/pipeline-world';
import { scenarioSettings } from './support/property-run';
import { checkReports, ScenarioRunner } from './support/run-scenario';
import { WORLDS } from './support/worlds';

const at = (deviceId: string, timestamp: string | number) => ({
  deviceId,
  latitude: 40.7128,
  longitude: -74.006,
  timestamp,
});

/** The recorded_at of every row of a date's report, as ISO text. */
const reportedTimes = async (world: PipelineWorld, date: string): Promise<string[]> =>
  decodeLocationCsv((await world.reportText(date)) ?? '')
    .map((row) => new Date(row.recordedAt).toISOString())
    .sort();

describe.each(WORLDS)('time on the %s profile', (_name, makeWorld) => {
  let world: PipelineWorld;

  afterEach(async () => {
    await world.close();
  });

  it('dates records by the New York calendar across both daylight saving changes, midnight included', async () => {
    world = await makeWorld({
      settings: scenarioSettings('America/New_York'),
      start: Date.UTC(2026, 10, 3, 12),
    });
    const runner = new ScenarioRunner(world);
    await runner.post(
      [
        at('spring', '2026-03-08T04:59:59.999Z'), // 23:59:59.999 EST on the 7th
        at('spring', '2026-03-08T05:00:00.000Z'), // midnight, the 8th
        at('spring', '2026-03-08T01:59:59.999-05:00'), // the last instant before 2:00 jumps to 3:00
        at('spring', '2026-03-08T03:00:00-04:00'), // the next instant
        at('spring', '2026-03-08T23:59:59.999-04:00'), // the 8th has 23 hours
        at('spring', '2026-03-09T00:00:00-04:00'),
        at('fall', '2026-11-01T00:00:00-04:00'), // midnight, the 1st
        at('fall', '2026-11-01T01:30:00-04:00'), // 1:30 EDT ...
        at('fall', '2026-11-01T01:30:00-05:00'), // ... and 1:30 EST, an hour later: two records
        at('fall', '2026-11-01T23:59:59.999-05:00'), // the 1st has 25 hours
        at('fall', 1_793_595_600), // 2026-11-02T05:00:00Z, midnight of the 2nd, as epoch seconds
      ],
      true,
      false,
    );
    await runner.finish();
    expect(await checkReports(world, runner.expected)).toEqual([]);
    expect(runner.dates).toEqual(['2026-03-07', '2026-03-08', '2026-03-09', '2026-11-01', '2026-11-02']);
    expect(await reportedTimes(world, '2026-03-08')).toEqual([
      '2026-03-08T05:00:00.000Z',
      '2026-03-08T06:59:59.999Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T03:59:59.999Z',
    ]);
    expect(await reportedTimes(world, '2026-11-01')).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-02T04:59:59.999Z',
    ]);
    expect(await reportedTimes(world, '2026-11-02')).toEqual(['2026-11-02T05:00:00.000Z']);
  });

  it('keeps a leap day, a record exactly at midnight and one a millisecond before apart', async () => {
    world = await makeWorld({ settings: scenarioSettings('Asia/Tokyo'), start: Date.UTC(2028, 2, 1, 3) });
    const runner = new ScenarioRunner(world);
    await runner.post(
      [
        at('leap', '2028-02-28T23:59:59.999+09:00'),
        at('leap', '2028-02-29T00:00:00+09:00'),
        at('leap', '2028-02-29T12:00:00Z'), // 21:00 in Tokyo
        at('leap', '2028-02-29T14:59:59.999Z'), // 23:59:59.999 in Tokyo
        at('leap', '2028-02-29T15:00:00Z'), // midnight of March 1st in Tokyo
      ],
      true,
      false,
    );
    await runner.finish();
    expect(await checkReports(world, runner.expected)).toEqual([]);
    expect(runner.dates).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(await reportedTimes(world, '2028-02-29')).toEqual([
      '2028-02-28T15:00:00.000Z',
      '2028-02-29T12:00:00.000Z',
      '2028-02-29T14:59:59.999Z',
    ]);
  });

  it('takes devices whose clocks are up to the allowed skew ahead, or days behind, and refuses the rest', async () => {
    const start = Date.UTC(2026, 10, 29, 0, 10);
    world = await makeWorld({ settings: scenarioSettings('UTC'), start });
    const skew = world.settings.timePolicy.maxFutureSkewMs;
    const accept = (timestamp: string) =>
      world.services.receive.accept(at('skewed', timestamp), {
        requestId: 'r',
        receivedAt: world.clock.now(),
      });
    const iso = (ms: number) => new Date(ms).toISOString();
    expect((await accept(iso(start + skew))).kind).toBe('accepted');
    const ahead = await accept(iso(start + skew + 1));
    expect(ahead).toEqual({
      kind: 'refused',
      message: 'no valid location in the request',
      rejected: [{ index: 0, field: 'timestamp', reason: 'timestamp is more than 300 s in the future' }],
    });
    expect((await accept(iso(start - 3 * 86_400_000))).kind).toBe('accepted');
    const tooOld = await accept(iso(start - world.settings.timePolicy.maxAgeMs - 1));
    expect(tooOld.kind).toBe('refused');
    await new ScenarioRunner(world).finish();
    for (const date of ['2026-11-26', '2026-11-29']) await world.services.report.run(date);
    expect(await world.reportText('2026-11-26')).toContain('skewed');
    expect(await world.reportText('2026-11-29')).toContain('skewed');
  });

  it("a late batch after a day's report updates that day on the next daily run, stale until then", async () => {
    // 00:05 in Tokyo on the 30th: the daily run reports the 29th.
    world = await makeWorld({
      settings: scenarioSettings('Asia/Tokyo'),
      start: Date.UTC(2026, 10, 29, 15, 5),
    });
    const runner = new ScenarioRunner(world);
    await runner.post(
      [at('on-time', '2026-11-29T10:00:00+09:00'), at('on-time', '2026-11-29T23:59:59.999+09:00')],
      true,
      false,
    );
    await runner.drain();
    const first = await world.services.daily.run();
    expect(first.reports.map((r) => r.date)).toEqual(['2026-11-29']);
    expect((await world.services.status.day('2026-11-29')).reportCurrent).toBe(true);

    // A device that was offline uploads its 29th a day later.
    world.clock.advance(20 * 3_600_000);
    await runner.post([at('late', '2026-11-29T18:30:00+09:00')], false, false);
    await runner.drain();
    // Stored, not yet partitioned: the report already lacks a record.
    expect((await world.services.status.day('2026-11-29')).reportCurrent).toBe(false);
    const waiting = await world.services.status.pipeline();
    expect(waiting.reports.find((r) => r.date === '2026-11-29')).toMatchObject({
      current: false,
      state: 'stale',
      waiting: ['1 record(s) in stored batches wait for the partition phase'],
    });
    expect(formatPipelineStatus(waiting, 'Locus')).toMatch(
      /2026-11-29 +2 rows +stale \(1 record\(s\) in stored batches wait for the partition phase\)/,
    );
    expect(await world.services.status.reconcile('2026-11-29')).toMatchObject({
      pendingRecords: 1,
      reportCurrent: false,
    });
    await world.services.partition.run();
    const day = await world.services.status.day('2026-11-29');
    expect(day).toMatchObject({
      partitioned: 3,
      reported: 2,
      reportCurrent: false,
      partitionRevision: 2,
      reportedRevision: 1,
    });
    const pipeline = await world.services.status.pipeline();
    expect(pipeline.reports.find((r) => r.date === '2026-11-29')).toMatchObject({ current: false, rows: 2 });
    expect(formatPipelineStatus(pipeline, 'Locus')).toMatch(
      /2026-11-29 +2 rows +stale \(the report was made from partition revision 1; the partition is at 2\)/,
    );

    // The next daily run (for the 30th) makes the 29th again.
    world.clock.advance(4 * 3_600_000);
    const second = await world.services.daily.run();
    expect(second.reports.map((r) => r.date)).toEqual(['2026-11-30', '2026-11-29']);
    expect((await world.services.status.day('2026-11-29')).reportCurrent).toBe(true);
    expect(await reportedTimes(world, '2026-11-29')).toEqual([
      '2026-11-29T01:00:00.000Z',
      '2026-11-29T09:30:00.000Z',
      '2026-11-29T14:59:59.999Z',
    ]);
    expect(await checkReports(world, runner.expected)).toEqual([]);
  });
});
