import { promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { failureResponse } from '../../src/adapters/ingest/ingest-response';
import { RecordDateResolver } from '../../src/domain';
import { filesUnder } from '../support/files-under';
import { LocalWorld, makeTempDir } from '../support/local-world';
import {
  type Acceptance,
  dailyAtFarFromNow,
  decodeReport,
  expectReportMatches,
  postLocations,
  recordedAtOf,
  runLocus,
  type SentLocation,
  ServerProcess,
  sendAndRecord,
} from '../support/server-process';
import { inRequests, sampleLocations } from './support/locations';
import { scenarioSettings } from './support/property-run';
import { checkReports, ScenarioRunner } from './support/run-scenario';
import { START } from './support/worlds';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The file size limit of the phases run on a full disk: room for SQLite's 32 KiB shared-memory index, no more. */
const LIMIT = 64 * 1024;

describe('a full disk on the local profile (every file capped by RLIMIT_FSIZE)', () => {
  let dataDir: string;
  let stopServer: () => Promise<unknown> = async () => {};

  beforeEach(async () => {
    dataDir = await makeTempDir('locus-full-');
  });

  afterEach(async () => {
    await stopServer();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 for what it cannot keep, fails the phases cleanly, and loses nothing that got a 202', async () => {
    const env = {
      LOCUS_DATA_DIR: dataDir,
      LOCUS_TIMEZONE: 'UTC',
      LOCUS_STORE_EVERY: '24h',
      LOCUS_DAILY_AT: dailyAtFarFromNow(),
    };
    const server = await ServerProcess.start(env, { fileSizeLimitBytes: 400 * 1024 });
    stopServer = () => server.stop();
    const accepted = new Map<string, Acceptance[]>();
    const refused: SentLocation[] = [];
    const statuses: number[] = [];
    let n = 0;
    // Timestamps up to 30 minutes before the first request, all on its UTC date (also just after
    // midnight): one date's partition is to outgrow the limit below, not two smaller ones.
    const firstSent = Date.now();
    const spread = Math.max(1, Math.min(30 * MINUTE, firstSent % DAY));
    const next = (): SentLocation[] =>
      Array.from({ length: 40 }, () => {
        n++;
        return {
          deviceId: `full-${n % 5}`,
          latitude: Number((n / 10_000).toFixed(6)),
          longitude: 139.5,
          timestamp: new Date(firstSent - ((n * 7_919) % spread)).toISOString(),
          accuracy: n % 40,
        };
      });
    while (statuses.filter((s) => s === 503).length < 5 && statuses.length < 400) {
      const locations = next();
      const status = await sendAndRecord(server.url, locations, accepted, true);
      statuses.push(status);
      if (status === 503) refused.push(...locations);
      else expect(status).toBe(202);
    }
    const answer = await postLocations(server.url, { locations: next() });
    expect(answer).toEqual({
      status: 503,
      json: {
        error: 'unavailable',
        message: 'the location could not be stored; nothing was accepted, retry later',
      },
    });
    // Enough was accepted for a day's partition to outgrow the limit below.
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThan(15);
    expect((await server.stop()).code).toBe(0);

    // Nothing that got a 503 is on the queue; everything that got a 202 is.
    const queue = new Database(path.join(dataDir, 'queue.db'), { readonly: true });
    const bodies = (queue.prepare('SELECT body FROM messages').all() as { body: string }[])
      .map((row) => row.body)
      .join('\n');
    queue.close();
    expect(bodies.split('\n')).toHaveLength(accepted.size);
    for (const location of refused)
      expect(bodies).not.toContain(`,${location.deviceId},${location.timestamp}`);

    // The store phase, still on the full disk, fails cleanly with a message (it may not even get
    // to open the queue, whose last changes cannot be folded into its file): no batch, nothing lost.
    const store = await runLocus(['store'], env, { fileSizeLimitBytes: LIMIT });
    expect(store.code).toBe(1);
    expect(store.stderr).toMatch(/^locus: .*(queue|work\/).*(disk I\/O error|EFBIG|too large)/m);
    expect((await filesUnder(dataDir)).filter((f) => f.startsWith('work'))).toEqual([]);

    // Later, with room again (and the failed run's leases expired), it resumes.
    const world = await LocalWorld.open({
      dataDir,
      settings: scenarioSettings('UTC'),
      start: Date.now() + 16 * MINUTE,
    });
    try {
      const runner = new ScenarioRunner(world);
      await runner.drain();
      const pending = await world.raw.batches.listPending();
      expect(pending.length).toBeGreaterThan(0);
      await world.close();

      const partition = await runLocus(['partition'], env, { fileSizeLimitBytes: LIMIT });
      expect(partition.code).toBe(1);
      // It fails on the first file it cannot grow: a part, or (local re-filing) its staging database.
      expect(partition.stderr).toMatch(/storage\/dt=|tmp\/partition-/);
      expect((await filesUnder(dataDir)).filter((f) => f.includes('.tmp-'))).toEqual([]);

      await world.restart();
      expect(await world.raw.batches.listPending()).toEqual(pending);
      await world.services.partition.run();
      const zone = new RecordDateResolver('UTC');
      const dates = [
        ...new Set([...accepted.values()].map((copies) => zone.dateOf(recordedAtOf(copies[0]!.location)))),
      ];
      for (const date of dates) {
        await world.services.report.run(date);
        expectReportMatches(
          decodeReport((await world.reportText(date)) as string),
          accepted,
          (ms) => zone.dateOf(ms),
          date,
        );
      }
    } finally {
      await world.close();
    }
  });
});

describe('folders that cannot be written on the local profile', () => {
  let world: LocalWorld;
  let runner: ScenarioRunner;

  beforeEach(async () => {
    world = await LocalWorld.open({ settings: scenarioSettings('Asia/Tokyo'), start: START });
    runner = new ScenarioRunner(world);
    for (const request of inRequests(sampleLocations(24, world.clock.now(), 31), 4))
      await runner.post(request, true, false);
  });

  afterEach(async () => {
    await world.close();
  });

  /** Puts a file where the data folder needs a folder: no write below it can succeed, even as root. */
  const block = (key: string) => fs.writeFile(world.file(key), 'not a folder');
  const unblock = (key: string) => fs.rm(world.file(key));

  it('the store phase fails cleanly and resumes once its folder can be written again', async () => {
    await block('work');
    await expect(world.services.store.run()).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      retryable: true,
    });
    const depth = await world.raw.queue.depth();
    expect(depth.ready + depth.leased).toBe(6);
    expect(await world.raw.batches.listPending().catch(() => [])).toEqual([]);
    await unblock('work');
    world.clock.advance(world.settings.store.leaseMs + 1);
    await runner.finish();
    expect(await checkReports(world, runner.expected)).toEqual([]);
  });

  it('the partition phase fails cleanly, keeps its batches pending and its lock free, and resumes', async () => {
    await runner.drain();
    const pending = await world.raw.batches.listPending();
    await block('storage');
    await expect(world.services.partition.run()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await world.raw.batches.listPending()).toEqual(pending);
    // Not PHASE_BUSY: the failed run let its lock go.
    await expect(world.services.partition.run()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await unblock('storage');
    await runner.finish();
    expect(await checkReports(world, runner.expected)).toEqual([]);
  });

  it('the report phase fails cleanly, leaving the previous report, and resumes', async () => {
    await runner.finish();
    const date = runner.dates[0] as string;
    const before = await world.reportText(date);
    await fs.rename(world.file('download'), world.file('download-moved'));
    await block('download');
    await expect(world.services.report.run(date)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await unblock('download');
    await fs.rename(world.file('download-moved'), world.file('download'));
    expect(await world.reportText(date)).toBe(before);
    await runner.finish();
    expect(await checkReports(world, runner.expected)).toEqual([]);
  });

  it('ingest answers 503 and accepts nothing while the queue cannot be opened, then recovers', async () => {
    const dataDir = await makeTempDir('locus-noqueue-');
    const fresh = await LocalWorld.open({ dataDir, settings: scenarioSettings('UTC'), start: START });
    try {
      await fs.mkdir(path.join(dataDir, 'queue.db'));
      const location = {
        deviceId: 'dev-1',
        latitude: 1,
        longitude: 2,
        timestamp: new Date(START - MINUTE).toISOString(),
      };
      // Every request is answered (none waits forever), each with a 503.
      for (const requestId of ['r1', 'r2', 'r3']) {
        const failure = await fresh.services.receive
          .accept(location, { requestId, receivedAt: START })
          .catch((error: unknown) => error);
        expect(failureResponse(failure).status).toBe(503);
      }
      await expect(fresh.raw.queue.depth()).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
      // Once the file can be made, the same process takes requests again.
      await fs.rm(path.join(dataDir, 'queue.db'), { recursive: true });
      const ok = await fresh.services.receive.accept(location, { requestId: 'r4', receivedAt: START });
      expect(ok.kind).toBe('accepted');
      expect(await fresh.raw.queue.depth()).toEqual({ ready: 1, leased: 0, quarantined: 0 });
    } finally {
      await fresh.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('files left by a write cut short (power loss before the rename) are never read as data', async () => {
    await runner.finish();
    const date = runner.dates[0] as string;
    const report = await world.reportText(date);
    const status = await world.services.status.pipeline();
    const junk = 'c0ffee,half a line';
    for (const key of ['work', `storage/dt=${date}`, 'download', 'archive/work', 'quarantine/work']) {
      await fs.mkdir(world.file(key), { recursive: true });
      await fs.writeFile(world.file(`${key}/.tmp-0123456789abcdef`), junk);
    }
    expect(await world.raw.batches.listPending()).toEqual([]);
    expect(await world.raw.batches.quarantined()).toEqual([]);
    await world.restart();
    await world.services.report.run(date);
    expect(await world.reportText(date)).toBe(report);
    const after = await world.services.status.pipeline();
    expect({ ...after, recentEvents: [] }).toEqual({ ...status, recentEvents: [] });
    await runner.finish();
    expect(await checkReports(world, runner.expected)).toEqual([]);
  });
});
