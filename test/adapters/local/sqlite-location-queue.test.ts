import { promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteLocationQueue } from '../../../src/adapters/local/sqlite-location-queue';
import { QUEUE_DEPTH_SQL } from '../../../src/adapters/local/sqlite-queue-schema';
import { encodeLocationLines, type LocationRecord } from '../../../src/domain';
import { isLocusError, type LeasedMessage } from '../../../src/ports';
import { ManualClock } from '../../support/manual-clock';
import { aRecord, someRecords } from '../../support/records';
import { tempDataDir } from './temp-data-dir';

const LEASE_MS = 60_000;

const byId = (records: readonly LocationRecord[]): LocationRecord[] =>
  [...records].sort((a, b) => (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));

describe('SqliteLocationQueue on disk', () => {
  let dataDir: string;
  let remove: () => Promise<void>;
  let clock: ManualClock;
  const opened: SqliteLocationQueue[] = [];
  const raw: Database.Database[] = [];

  const openQueue = (tuning?: ConstructorParameters<typeof SqliteLocationQueue>[2]): SqliteLocationQueue => {
    const queue = new SqliteLocationQueue({ dataDir }, clock, tuning);
    opened.push(queue);
    return queue;
  };

  /** A second connection to the queue's file, as another process would open it. */
  const openRaw = (): Database.Database => {
    const db = new Database(path.join(dataDir, 'queue.db'));
    raw.push(db);
    return db;
  };

  const leaseAll = async (queue: SqliteLocationQueue, leaseMs = LEASE_MS): Promise<LeasedMessage[]> => {
    const held: LeasedMessage[] = [];
    for (;;) {
      const batch = await queue.lease(100, leaseMs);
      if (batch.length === 0) return held;
      held.push(...batch);
    }
  };

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
    clock = new ManualClock();
  });

  afterEach(async () => {
    for (const db of raw.splice(0)) db.close();
    for (const queue of opened.splice(0)) await queue.close();
    await remove();
  });

  it('commits 200 concurrent enqueues together, all present after the file is reopened', async () => {
    const sent = Array.from({ length: 200 }, (_, i) => someRecords(3, 1_000 + i));
    const first = openQueue();
    await Promise.all(sent.map((records) => first.enqueue(records)));
    await first.close();

    const second = openQueue();
    expect(await second.depth()).toEqual({ ready: 200, leased: 0, quarantined: 0 });
    const held = await leaseAll(second);
    expect(held).toHaveLength(200);
    expect(byId(held.flatMap((m) => m.records))).toEqual(byId(sent.flat()));
  });

  it('rejects every enqueue of a group whose commit fails, and keeps none of them', async () => {
    const queue = openQueue();
    await queue.depth();
    openRaw().exec(`CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.body LIKE '%poison%'
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const group = [
      [aRecord({ deviceId: 'fine-1' })],
      [aRecord({ deviceId: 'fine-2' })],
      [aRecord({ deviceId: 'poison' })],
      [aRecord({ deviceId: 'fine-3' })],
    ];
    const outcomes = await Promise.allSettled(group.map((records) => queue.enqueue(records)));
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason;
      expect(isLocusError(reason, 'QUEUE_UNAVAILABLE')).toBe(true);
      expect(reason.retryable).toBe(true);
    }
    expect(await queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: 0 });

    await queue.enqueue([aRecord({ deviceId: 'later' })]);
    const [message] = await queue.lease(10, LEASE_MS);
    expect(message?.records.map((r) => r.deviceId)).toEqual(['later']);
  });

  it('rejects enqueues with QUEUE_UNAVAILABLE while another process holds the write lock', async () => {
    const queue = openQueue({ busyTimeoutMs: 50 });
    await queue.depth();
    const other = openRaw();
    other.exec('BEGIN IMMEDIATE');
    const error = await queue.enqueue([aRecord()]).catch((e: unknown) => e);
    expect(isLocusError(error, 'QUEUE_UNAVAILABLE')).toBe(true);
    other.exec('COMMIT');
    await queue.enqueue([aRecord({ deviceId: 'after' })]);
    expect((await queue.depth()).ready).toBe(1);
  });

  it('keeps ready messages and leases across a restart', async () => {
    const first = openQueue();
    for (const deviceId of ['a', 'b', 'c']) await first.enqueue([aRecord({ deviceId })]);
    const [leased] = await first.lease(1, LEASE_MS);
    await first.close();

    const second = openQueue();
    expect(await second.depth()).toEqual({ ready: 2, leased: 1, quarantined: 0 });
    const rest = await leaseAll(second, LEASE_MS * 10);
    expect(rest.flatMap((m) => m.records.map((r) => r.deviceId)).sort()).toEqual(
      ['a', 'b', 'c'].filter((d) => d !== leased?.records[0]?.deviceId),
    );
    clock.advance(LEASE_MS + 1);
    const [again, ...none] = await second.lease(10, LEASE_MS);
    expect(none).toEqual([]);
    expect(again?.records).toEqual(leased?.records);
  });

  it('ignores the receipt of an expired lease once the message was leased again', async () => {
    const queue = openQueue();
    await queue.enqueue([aRecord()]);
    const [old] = await queue.lease(1, 1_000);
    clock.advance(1_001);
    const [renewed] = await queue.lease(1, LEASE_MS);
    expect(renewed?.receipt).not.toBe(old?.receipt);
    await queue.acknowledge([old?.receipt ?? '']);
    expect(await queue.depth()).toEqual({ ready: 0, leased: 1, quarantined: 0 });
    await queue.acknowledge([renewed?.receipt ?? '']);
    expect(await queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: 0 });
  });

  it('moves a message that cannot be decoded to quarantine instead of handing it out', async () => {
    const queue = openQueue();
    await queue.enqueue([aRecord({ deviceId: 'good' })]);
    openRaw()
      .prepare('INSERT INTO messages (body, visible_at) VALUES (?, ?)')
      .run('not,a,record', clock.now());
    const held = await leaseAll(queue);
    expect(held.flatMap((m) => m.records.map((r) => r.deviceId))).toEqual(['good']);
    expect(await queue.depth()).toEqual({ ready: 0, leased: 1, quarantined: 1 });
    const kept = openRaw().prepare('SELECT body, reason FROM quarantined_messages').all() as {
      body: string;
      reason: string;
    }[];
    expect(kept).toEqual([{ body: 'not,a,record', reason: expect.stringContaining('expected 10 fields') }]);
  });

  it('counts the leases of messages a queue file without that column already held', async () => {
    const old = openRaw();
    old.exec(`CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT NOT NULL, visible_at INTEGER NOT NULL, receipt TEXT);
      CREATE TABLE quarantined_messages (id INTEGER PRIMARY KEY, body TEXT NOT NULL, reason TEXT NOT NULL, quarantined_at INTEGER NOT NULL);`);
    const record = aRecord({ deviceId: 'from-before' });
    old.prepare('INSERT INTO messages (body, visible_at) VALUES (?, 0)').run(encodeLocationLines([record]));
    const queue = openQueue({ maxReceives: 1 });
    expect((await queue.lease(10, LEASE_MS)).map((m) => m.records[0]?.deviceId)).toEqual(['from-before']);
    clock.advance(LEASE_MS + 1);
    expect(await queue.lease(10, LEASE_MS)).toEqual([]);
    const [listed] = await queue.quarantine();
    expect(listed).toEqual(
      expect.objectContaining({ records: 1, reason: 'leased 1 time without acknowledgement' }),
    );
    expect(await queue.redrive()).toEqual(expect.objectContaining({ redriven: [listed?.id], records: 1 }));
    expect(await queue.depth()).toEqual({ ready: 1, leased: 0, quarantined: 0 });
  });

  it('counts the messages of a file from before the count, every insert whoever makes it, and every delete it makes', async () => {
    const old = openRaw();
    old.exec(`CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT NOT NULL, visible_at INTEGER NOT NULL, receipt TEXT, receives INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE quarantined_messages (id INTEGER PRIMARY KEY, body TEXT NOT NULL, reason TEXT NOT NULL, quarantined_at INTEGER NOT NULL);`);
    const insert = old.prepare('INSERT INTO messages (body, visible_at, receipt) VALUES (?, ?, ?)');
    for (let i = 0; i < 4; i += 1) insert.run(encodeLocationLines(someRecords(2, 50 + i)), 0, null);
    // Leased by an earlier version: `visible_at` moved ahead, a receipt set.
    insert.run(encodeLocationLines([aRecord()]), clock.now() + LEASE_MS, '9.old');
    const queue = openQueue();
    expect(await queue.depth()).toEqual({ ready: 4, leased: 1, quarantined: 0 });
    await queue.enqueue(someRecords(3, 60));
    old.prepare('INSERT INTO messages (body, visible_at) VALUES (?, ?)').run('not,a,record', clock.now());
    expect(await queue.depth()).toEqual({ ready: 6, leased: 1, quarantined: 0 });
    const held = await leaseAll(queue);
    expect(await queue.depth()).toEqual({ ready: 0, leased: 6, quarantined: 1 });
    await queue.acknowledge(held.map((message) => message.receipt));
    expect(await queue.depth()).toEqual({ ready: 0, leased: 1, quarantined: 1 });
    clock.advance(LEASE_MS + 1);
    expect(await queue.depth()).toEqual({ ready: 1, leased: 0, quarantined: 1 });
    const plan = old.prepare(`EXPLAIN QUERY PLAN ${QUEUE_DEPTH_SQL}`).all(clock.now()) as {
      detail: string;
    }[];
    expect(plan.map((step) => step.detail).join('\n')).not.toMatch(/SCAN messages/);
  });

  it('counts the messages again once a lease finds the queue drained, so a delete made elsewhere is not miscounted for long', async () => {
    const queue = openQueue();
    await queue.enqueue([aRecord({ deviceId: 'a' })]);
    await queue.enqueue([aRecord({ deviceId: 'b' })]);
    const [first] = await queue.lease(1, LEASE_MS);
    openRaw().prepare('DELETE FROM messages WHERE id = (SELECT max(id) FROM messages)').run();
    expect(await queue.depth()).toEqual({ ready: 1, leased: 1, quarantined: 0 });
    expect(await queue.lease(10, LEASE_MS)).toEqual([]);
    // A lease still runs: the count is left as it is.
    expect(await queue.depth()).toEqual({ ready: 1, leased: 1, quarantined: 0 });
    await queue.acknowledge([first?.receipt ?? '']);
    expect(await queue.lease(10, LEASE_MS)).toEqual([]);
    expect(await queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: 0 });
  });

  it('commits the open group on close and refuses enqueues afterwards', async () => {
    const queue = openQueue({ flushIntervalMs: 60_000 });
    const pending = queue.enqueue([aRecord({ deviceId: 'last' })]);
    await queue.close();
    await pending;
    const error = await queue.enqueue([aRecord()]).catch((e: unknown) => e);
    expect(isLocusError(error, 'QUEUE_UNAVAILABLE')).toBe(true);
    expect((await openQueue().depth()).ready).toBe(1);
  });

  it('accepts a request without records as nothing to keep', async () => {
    const queue = openQueue();
    await queue.enqueue([]);
    expect(await queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: 0 });
  });

  it('leaves no trace of an acknowledged message in its file', async () => {
    const marker = 'erase-me-7f3a9c';
    const queue = openQueue();
    await queue.enqueue([aRecord({ deviceId: marker }), ...someRecords(20, 4)]);
    await queue.enqueue([aRecord({ deviceId: 'kept-device' })]);
    const held = await leaseAll(queue);
    const erased = held.filter((m) => m.records.some((r) => r.deviceId === marker));
    expect(erased).toHaveLength(1);
    await queue.acknowledge(erased.map((m) => m.receipt));
    await queue.close();
    // Closing the last connection checkpoints the write-ahead log into queue.db and removes it.
    const bytes = await fs.readFile(path.join(dataDir, 'queue.db'));
    expect(bytes.includes('kept-device')).toBe(true);
    expect(bytes.includes(marker)).toBe(false);
  });

  it('keeps its file at <dataDir>/queue.db in write-ahead-log mode', async () => {
    const queue = openQueue();
    await queue.enqueue([aRecord()]);
    expect(openRaw().pragma('journal_mode', { simple: true })).toBe('wal');
  });
});
