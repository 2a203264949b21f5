import { promises as fs } from 'node:fs';
import { FakeIo, locus, serveInProcess } from '../cli/cli-harness';
import { makeTempDir } from '../support/local-world';
import { postLocations } from '../support/server-process';

/** `locus serve` in this process until `stop` is called. */
const serve = async (env: Record<string, string>) => {
  const io = new FakeIo({ ...env, PORT: '0', LOCUS_LOG_LEVEL: 'info' });
  const { serving, url } = await serveInProcess(io);
  return {
    url,
    stop: async () => {
      io.signal('SIGTERM');
      expect(await serving).toBe(0);
    },
  };
};

describe('reconciling a day with locus status --date', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await makeTempDir('locus-reconcile-');
  });

  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('shows accepted → stored → partitioned → reported and the duplicates dropped, adding up', async () => {
    const env = {
      LOCUS_DATA_DIR: dataDir,
      LOCUS_TIMEZONE: 'UTC',
      LOCUS_STORE_EVERY: '24h',
      LOCUS_LOG_LEVEL: 'warn',
    };
    const date = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const locations = Array.from({ length: 30 }, (_, i) => ({
      deviceId: `rec-${i % 4}`,
      latitude: 10 + i / 1000,
      longitude: 20,
      timestamp: `${date}T12:00:${String(i).padStart(2, '0')}.000Z`,
    }));
    const send = async (url: string, items: readonly object[]) => {
      for (let i = 0; i < items.length; i += 6) {
        expect((await postLocations(url, { locations: items.slice(i, i + 6) })).status).toBe(202);
      }
    };

    // 30 locations and 5 resends go into the first batch (the resends dropped there) ...
    let server = await serve(env);
    await send(server.url, [...locations, ...locations.slice(0, 5)]);
    await server.stop();
    expect((await locus(env, 'store')).code).toBe(0);
    // ... 4 resends into a second batch (dropped when partitioning).
    server = await serve(env);
    await send(server.url, locations.slice(10, 14));
    await server.stop();
    expect((await locus(env, 'store')).code).toBe(0);

    // Before the partition phase, the day's records are stored and pending.
    const waiting = JSON.parse((await locus(env, 'status', '--date', date, '--json')).stdout);
    expect(waiting).toMatchObject({
      accepted: 39,
      stored: 34,
      batches: 2,
      pendingRecords: 34,
      partitioned: 0,
      reported: null,
    });

    expect((await locus(env, 'partition')).code).toBe(0);
    expect((await locus(env, 'report', '--date', date)).code).toBe(0);
    const day = JSON.parse((await locus(env, 'status', '--date', date, '--json')).stdout);
    expect(day).toEqual({
      date,
      timeZone: 'UTC',
      accepted: 39,
      stored: 34,
      batches: 2,
      pendingRecords: 0,
      partitioned: 30,
      partitionRevision: 1,
      duplicatesDropped: 4,
      reported: 30,
      reportedRevision: 1,
      state: 'current',
      reportCurrent: true,
      waiting: [],
    });
    // Nothing lost: every stored copy is either in the partition or a dropped duplicate, and the
    // report holds the partition; the 5 copies repeated within one batch are in its BatchStored event.
    expect(day.stored).toBe(day.partitioned + day.duplicatesDropped);
    expect(day.reported).toBe(day.partitioned);
    const status = await locus(env, 'status', '--json');
    const stored = JSON.parse(status.stdout).recentEvents.filter(
      (e: { type: string }) => e.type === 'BatchStored',
    );
    expect(stored.map((e: { data: { duplicatesDropped: number } }) => e.data.duplicatesDropped)).toEqual([
      5, 0,
    ]);
    expect(day.accepted).toBe(day.stored + 5);

    const text = (await locus(env, 'status', '--date', date)).stdout;
    expect(text).toBe(
      [
        `${date} (UTC)`,
        '  accepted     39',
        '  stored       34 in 2 batches',
        '  pending      0 stored, not yet partitioned',
        '  partitioned  30 (revision 1)',
        '  duplicates   4 dropped while partitioning',
        '  reported     30 (current)',
        '  standing     current',
        '',
      ].join('\n'),
    );
  });
});
