import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteLocationQueue } from '../../../src/adapters/local/sqlite-location-queue';
import { consecutiveRuns } from '../../../src/adapters/local/sqlite-queue-leases';
import { encodeLocationLines } from '../../../src/domain';
import type { LeasedMessage } from '../../../src/ports';
import { ManualClock } from '../../support/manual-clock';
import { aRecord } from '../../support/records';
import { tempDataDir } from './temp-data-dir';

const LEASE_MS = 60_000;

const devices = (messages: readonly LeasedMessage[]): string[] =>
  messages.flatMap((m) => m.records.map((r) => r.deviceId));

describe('SqliteLocationQueue leases as id ranges', () => {
  let dataDir: string;
  let remove: () => Promise<void>;
  let clock: ManualClock;
  let queue: SqliteLocationQueue;
  let raw: Database.Database | undefined;

  const openRaw = (): Database.Database => {
    raw ??= new Database(path.join(dataDir, 'queue.db'));
    return raw;
  };

  const enqueueDevices = async (names: readonly string[]): Promise<void> => {
    for (const deviceId of names) await queue.enqueue([aRecord({ deviceId })]);
  };

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
    clock = new ManualClock();
    queue = new SqliteLocationQueue({ dataDir }, clock);
  });

  afterEach(async () => {
    raw?.close();
    raw = undefined;
    await queue.close();
    await remove();
  });

  it('splits sorted ids into runs of consecutive integers', () => {
    expect(consecutiveRuns([])).toEqual([]);
    expect(consecutiveRuns([3, 4, 5, 7, 9, 10])).toEqual([
      [3, 5],
      [7, 7],
      [9, 10],
    ]);
    // A receipt given twice names its message once.
    expect(consecutiveRuns([3, 3, 4, 4, 6, 6, 6])).toEqual([
      [3, 4],
      [6, 6],
    ]);
  });

  it('hands out the messages around a lasting lease and skips the ones it holds', async () => {
    await enqueueDevices(['a', 'b', 'c', 'd', 'e']);
    expect(devices(await queue.lease(2, LEASE_MS))).toEqual(['a', 'b']);
    expect(devices(await queue.lease(1, LEASE_MS * 10))).toEqual(['c']);
    clock.advance(LEASE_MS + 1);
    // a and b are ready again, c is still leased: the next lease takes the messages around it.
    expect(devices(await queue.lease(10, LEASE_MS))).toEqual(['a', 'b', 'd', 'e']);
    expect(await queue.lease(10, LEASE_MS)).toEqual([]);
    expect(await queue.depth()).toEqual({ ready: 0, leased: 5, quarantined: 0 });
  });

  it('acknowledges only the receipts given, also when they leave gaps in a lease', async () => {
    await enqueueDevices(['a', 'b', 'c', 'd', 'e']);
    const held = await queue.lease(5, LEASE_MS);
    await queue.acknowledge([held[0], held[2], held[4], held[2]].map((m) => m?.receipt ?? ''));
    expect(await queue.depth()).toEqual({ ready: 0, leased: 2, quarantined: 0 });
    clock.advance(LEASE_MS + 1);
    expect(devices(await queue.lease(10, LEASE_MS))).toEqual(['b', 'd']);
  });

  it('keeps no lease once every message it held is acknowledged', async () => {
    await enqueueDevices(['a', 'b', 'c']);
    const held = await queue.lease(3, LEASE_MS);
    await queue.acknowledge(held.slice(0, 2).map((m) => m.receipt));
    const leases = () => openRaw().prepare('SELECT count(*) AS n FROM message_leases').get() as { n: number };
    expect(leases().n).toBe(1);
    await queue.acknowledge(held.slice(2).map((m) => m.receipt));
    expect(leases().n).toBe(0);
    await enqueueDevices(['f']);
    expect(devices(await queue.lease(10, LEASE_MS))).toEqual(['f']);
  });

  it('never counts a message that reuses an acknowledged id as held by the lease it was acknowledged from', async () => {
    await enqueueDevices(['a', 'b', 'c']);
    const held = await queue.lease(3, LEASE_MS);
    const top = held[2]?.receipt ?? '';
    await queue.acknowledge([top]);
    // The highest id is free again: SQLite gives it to the next message.
    await enqueueDevices(['d']);
    const ids = openRaw().prepare('SELECT id FROM messages ORDER BY id').pluck().all();
    expect(ids).toEqual([1, 2, 3]);
    await queue.acknowledge([top]);
    expect(await queue.depth()).toEqual({ ready: 1, leased: 2, quarantined: 0 });
    expect(devices(await queue.lease(10, LEASE_MS))).toEqual(['d']);
  });

  it('counts and holds back a message leased by a file format that moved visible_at ahead', async () => {
    await queue.depth();
    const insert = openRaw().prepare('INSERT INTO messages (body, visible_at, receipt) VALUES (?, ?, ?)');
    insert.run(encodeLocationLines([aRecord({ deviceId: 'old-lease' })]), clock.now() + 1_000, 'old');
    await enqueueDevices(['new']);
    expect(await queue.depth()).toEqual({ ready: 1, leased: 1, quarantined: 0 });
    expect(devices(await queue.lease(10, LEASE_MS))).toEqual(['new']);
    clock.advance(1_001);
    expect(devices(await queue.lease(10, LEASE_MS))).toEqual(['old-lease']);
  });
});
