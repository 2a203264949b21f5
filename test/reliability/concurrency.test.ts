import { decodeLocationCsv, LOCATION_CSV_HEADER } from '../../src/domain';
import { LocusError } from '../../src/ports';
import { readAll } from '../support/records';
import { inRequests, sampleLocations } from './support/locations';
import type { PipelineWorld } from './support/pipeline-world';
import { checkReports, ScenarioRunner } from './support/run-scenario';
import { WORLDS } from './support/worlds';

/** Posts `count` locations in requests of 4 and returns the runner that knows what was accepted. */
const accepted = async (
  world: PipelineWorld,
  count: number,
  seed: number,
  runner = new ScenarioRunner(world),
) => {
  for (const request of inRequests(sampleLocations(count, world.clock.now(), seed), 4)) {
    await runner.post(request, true, false);
  }
  return runner;
};

const expectExact = async (world: PipelineWorld, runner: ScenarioRunner): Promise<void> => {
  await runner.finish();
  expect(await checkReports(world, runner.expected)).toEqual([]);
};

const batchIds = async (world: PipelineWorld, batchId: string): Promise<string[]> =>
  (await readAll(world.raw.batches.read(batchId))).map((record) => record.recordId);

describe.each(WORLDS)('concurrent runs on the %s profile', (_name, makeWorld) => {
  let world: PipelineWorld;

  beforeEach(async () => {
    world = await makeWorld();
  });

  afterEach(async () => {
    await world.close();
  });

  it('two store runs at once share the queue: disjoint batches, nothing lost', async () => {
    const runner = await accepted(world, 36, 1);
    const other = await world.spawn();
    const [a, b] = await Promise.all([world.services.store.run(), other.store.run()]);
    expect(a.batchId).not.toBeNull();
    expect(b.batchId).not.toBeNull();
    const idsA = await batchIds(world, a.batchId as string);
    const idsB = await batchIds(world, b.batchId as string);
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
    await expectExact(world, runner);
  });

  it('two partition runs at once: one runs, the other is refused with PHASE_BUSY', async () => {
    const runner = await accepted(world, 30, 2);
    await runner.drain();
    const other = await world.spawn();
    const outcomes = await Promise.allSettled([world.services.partition.run(), other.partition.run()]);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    const done = outcomes.filter((o) => o.status === 'fulfilled');
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toBeInstanceOf(LocusError);
    expect(refused[0]?.reason).toMatchObject({ code: 'PHASE_BUSY', retryable: true });
    expect(await world.raw.batches.listPending()).toEqual([]);
    // The winner let the lock go: a third run takes it at once.
    await expect((await world.spawn()).partition.run()).resolves.toMatchObject({ batches: [] });
    await expectExact(world, runner);
  });

  it('a crashed partition run holds its lease until it expires, then the next run takes over', async () => {
    const runner = await accepted(world, 30, 3);
    await runner.drain();
    world.faults.when('partitions.writePart', 'after', async () => {
      world.faults.inject('crash-before');
    });
    await expect(world.services.partition.run()).rejects.toThrow('simulated crash');
    const other = await world.spawn();
    await expect(other.partition.run()).rejects.toMatchObject({ code: 'PHASE_BUSY' });
    world.clock.advance(world.settings.partition.lockTtlMs + 1);
    const outcome = await other.partition.run();
    expect(outcome.batches.length).toBeGreaterThan(0);
    await world.restart();
    await expectExact(world, runner);
  });

  it('a run whose lease expired and was taken over stops with LOCK_LOST and changes nothing more', async () => {
    const runner = new ScenarioRunner(world);
    for (const seed of [41, 42, 43]) {
      await accepted(world, 10, seed, runner);
      await world.services.store.run();
    }
    const other = await world.spawn();
    let takeover: Awaited<ReturnType<typeof other.partition.run>> | undefined;
    world.faults.when('batches.read#chunk', 'after', async () => {
      // This run stalls past its lease; another takes the lock and does the whole job.
      world.clock.advance(world.settings.partition.lockTtlMs + 1);
      takeover = await other.partition.run();
    });
    await expect(world.services.partition.run()).rejects.toMatchObject({ code: 'LOCK_LOST' });
    expect(takeover?.batches.length).toBeGreaterThanOrEqual(3);
    expect(await world.raw.batches.listPending()).toEqual([]);
    await expectExact(world, runner);
  });

  it('a store run during a partition run writes a batch that the next partition files', async () => {
    const runner = await accepted(world, 24, 5);
    await runner.drain();
    const other = await world.spawn();
    let lateBatch: string | null = null;
    world.faults.when('batches.read#chunk', 'after', async () => {
      await accepted(world, 12, 6, runner);
      lateBatch = (await other.store.run()).batchId;
    });
    const outcome = await world.services.partition.run();
    expect(lateBatch).not.toBeNull();
    expect(outcome.batches).not.toContain(lateBatch);
    expect(await world.raw.batches.listPending()).toContain(lateBatch);
    await expectExact(world, runner);
  });

  it('a report run during a partition run is refused (its rows do not match the revision), keeps the previous report, and the daily run makes it', async () => {
    const runner = await accepted(world, 40, 7);
    await runner.drain();
    await world.services.partition.run();
    const date = runner.dates.reduce((a, b) =>
      (runner.expected.get(a)?.size ?? 0) >= (runner.expected.get(b)?.size ?? 0) ? a : b,
    );
    await world.services.report.run(date);
    const before = (await world.reportText(date)) as string;
    // Late locations of that date (only of that date: the partition run rewrites its parts alone).
    const late = sampleLocations(16, world.clock.now(), 8).map((location, i) => ({
      ...location,
      timestamp: `${date}T00:${String(i * 3).padStart(2, '0')}:00+09:00`,
    }));
    for (const request of inRequests(late, 4)) await runner.post(request, true, false);
    await runner.drain();
    const other = await world.spawn();
    // While the partition run rewrites the date's parts (one written, the others not yet), a report runs.
    let midway: unknown;
    world.faults.when('partitions.writePart', 'after', async () => {
      midway ??= await other.report.run(date).catch((error: unknown) => error);
    });
    await world.services.partition.run();
    expect(midway).toMatchObject({ code: 'REPORT_MISMATCH' });
    const kept = (await world.reportText(date)) as string;
    expect(kept).toBe(before);
    expect(kept.startsWith(`${LOCATION_CSV_HEADER}\r\n`)).toBe(true);
    const ids = decodeLocationCsv(kept).map((row) => row.recordId);
    expect(new Set(ids).size).toBe(ids.length);
    const ofDate = runner.expected.get(date) as Map<string, unknown>;
    expect(ids.filter((id) => !ofDate.has(id))).toEqual([]);
    expect((await world.services.status.day(date)).reportCurrent).toBe(false);
    expect((await world.services.status.day(date)).waiting.join(' ')).toMatch(
      /the last report run was refused/,
    );
    expect(await world.services.report.dueDates()).toContain(date);
    const day = await world.services.status.day(date);
    expect(day.reportCurrent).toBe(false);
    const daily = await world.services.daily.run(date);
    expect(daily.reports.map((r) => r.date)).toContain(date);
    expect((await world.services.status.day(date)).reportCurrent).toBe(true);
    await expectExact(world, runner);
  });
});
