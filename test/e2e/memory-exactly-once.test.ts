import { type CoreSettings, DEFAULT_CORE_SETTINGS } from '../../src/application';
import {
  compareForReport,
  decodeLocationCsv,
  LOCATION_CSV_HEADER,
  type LocationRecord,
} from '../../src/domain';
import { SimulatedCrash } from '../support/faults';
import { MemoryWorld } from '../support/memory-world';
import { receiveWorkload, type Workload } from '../support/workload';

const settings: CoreSettings = {
  ...DEFAULT_CORE_SETTINGS,
  timeZone: 'Asia/Tokyo',
  store: { maxRecords: 120, leaseMs: 60_000, leaseBatch: 7 },
  partition: { targetRecordsPerPart: 40, lockTtlMs: 120_000, spillChunk: 16 },
};

const drainQueue = async (world: MemoryWorld): Promise<void> => {
  for (;;) {
    const stored = await world.store.run();
    if (stored.batchId === null) break;
  }
};

/** Store until the queue is empty, partition, then report every day of the workload. */
const runPipeline = async (world: MemoryWorld, dates: readonly string[]): Promise<void> => {
  await drainQueue(world);
  await world.partition.run();
  for (const date of dates) await world.report.run(date);
};

/** A "restart" after a crash: leases and locks of the dead process expire, a new one starts. */
const restart = (world: MemoryWorld): void => {
  world.plan.arm(null);
  world.clock.advance(settings.store.leaseMs + settings.partition.lockTtlMs + 1);
  world.restart();
};

const expectExactReports = async (world: MemoryWorld, workload: Workload): Promise<void> => {
  for (const date of workload.dates) {
    const text = await world.reportText(date);
    expect(text).toBeDefined();
    const [header] = (text as string).split('\r\n', 1);
    expect(header).toBe(LOCATION_CSV_HEADER);
    const rows = decodeLocationCsv(text as string);
    const expected = [...(workload.expected.get(date) as Map<string, LocationRecord>).values()].sort(
      compareForReport,
    );
    expect(rows).toEqual(expected);
  }
};

describe('the four phases on the memory profile, exactly once', () => {
  it('reports every accepted record once, across days and a time zone, with duplicate sends and deliveries', async () => {
    const world = new MemoryWorld(settings);
    const workload = await receiveWorkload(world, 3_000, 7);
    expect(workload.dates.length).toBeGreaterThanOrEqual(4);
    await runPipeline(world, workload.dates);
    await expectExactReports(world, workload);
    const total = [...workload.expected.values()].reduce((sum, day) => sum + day.size, 0);
    expect(total).toBe(3_000);
  });

  it('re-running every phase changes nothing: the reports are byte-identical', async () => {
    const world = new MemoryWorld(settings);
    const workload = await receiveWorkload(world, 400, 11);
    await runPipeline(world, workload.dates);
    const first = await Promise.all(workload.dates.map((d) => world.reportText(d)));
    await runPipeline(world, workload.dates);
    expect(await Promise.all(workload.dates.map((d) => world.reportText(d)))).toEqual(first);
  });

  it('survives a crash between every pair of port calls of store, partition and report', async () => {
    const probe = new MemoryWorld(settings);
    const probeLoad = await receiveWorkload(probe, 150, 3);
    probe.plan.arm(null);
    await runPipeline(probe, probeLoad.dates);
    const calls = probe.plan.calls;
    expect(calls).toBeGreaterThan(50);

    let crashes = 0;
    for (let crashAt = 1; crashAt <= calls; crashAt++) {
      const world = new MemoryWorld(settings);
      const workload = await receiveWorkload(world, 150, 3);
      world.plan.arm(crashAt);
      await expect(runPipeline(world, workload.dates)).rejects.toBeInstanceOf(SimulatedCrash);
      crashes++;
      restart(world);
      await runPipeline(world, workload.dates);
      try {
        await expectExactReports(world, workload);
      } catch (error) {
        throw new Error(`after a crash at port call ${crashAt} of ${calls}: ${(error as Error).message}`);
      }
    }
    expect(crashes).toBe(calls);
  }, 120_000);

  it('a late batch after a day was reported makes that report stale until the next daily run', async () => {
    const world = new MemoryWorld(settings, Date.UTC(2026, 10, 29, 15, 5)); // 00:05 on the 30th in Tokyo
    const workload = await receiveWorkload(world, 200, 5);
    await drainQueue(world);
    const first = await world.daily.run();
    expect(first.date).toBe('2026-11-29');
    await world.report.run('2026-11-28');
    expect((await world.standing('2026-11-28')).state === 'current').toBe(true);
    const late = await world.receive.accept(
      { deviceId: 'late-1', latitude: 1, longitude: 2, timestamp: '2026-11-28T12:00:00+09:00' },
      { requestId: 'late', receivedAt: world.clock.now() },
    );
    expect(late.kind).toBe('accepted');
    await drainQueue(world);
    await world.partition.run();
    expect((await world.standing('2026-11-28')).state === 'current').toBe(false);
    const second = await world.daily.run();
    expect(second.reports.map((r) => r.date)).toEqual(expect.arrayContaining(['2026-11-29', '2026-11-28']));
    expect((await world.standing('2026-11-28')).state === 'current').toBe(true);
    const rows = decodeLocationCsv((await world.reportText('2026-11-28')) as string);
    expect(rows.filter((r) => r.deviceId === 'late-1')).toHaveLength(1);
    expect(rows).toHaveLength((workload.expected.get('2026-11-28')?.size ?? 0) + 1);
  });

  it('stops the collection server even when a step of the daily run fails', async () => {
    const world = new MemoryWorld(settings);
    await receiveWorkload(world, 50, 9);
    await world.store.run();
    world.plan.arm(null);
    const failing = world.raw.reportQuery;
    const original = failing.rowsFor.bind(failing);
    failing.rowsFor = () => {
      throw new Error('query engine down');
    };
    await expect(world.daily.run('2026-11-28')).rejects.toThrow('query engine down');
    failing.rowsFor = original;
    expect(await world.raw.server.state()).toBe('stopped');
    const { events } = await world.raw.journal.readStream('collection-server');
    expect(events.map((e) => e.type)).toEqual(['CollectionServerStarted', 'CollectionServerStopped']);
    expect(events[1]?.data).toEqual(
      expect.objectContaining({ outcome: 'failed', error: 'query engine down' }),
    );
  });
});
