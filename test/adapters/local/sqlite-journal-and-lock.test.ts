import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { openDurableDatabase } from '../../../src/adapters/local/sqlite-database';
import { SqliteEventJournal } from '../../../src/adapters/local/sqlite-event-journal';
import { SqliteRunLock } from '../../../src/adapters/local/sqlite-run-lock';
import type { LocusEvent } from '../../../src/domain';
import { ManualClock } from '../../support/manual-clock';
import { tempDataDir } from './temp-data-dir';

const stopped = (runId: string): LocusEvent => ({
  type: 'CollectionServerStopped',
  data: { runId, outcome: 'succeeded', stoppedAt: 1 },
});

describe('SQLite journal and run locks in <dataDir>/journal.db', () => {
  let dataDir: string;
  let remove: () => Promise<void>;
  let clock: ManualClock;
  const closables: { close(): Promise<void> }[] = [];

  const journal = () => {
    const opened = new SqliteEventJournal({ dataDir }, clock);
    closables.push(opened);
    return opened;
  };
  const lock = () => {
    const opened = new SqliteRunLock({ dataDir }, clock);
    closables.push(opened);
    return opened;
  };

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
    clock = new ManualClock();
  });

  afterEach(async () => {
    for (const closable of closables.splice(0)) await closable.close();
    await remove();
  });

  it('keeps journal entries, with the time of the injected clock, across a restart', async () => {
    const first = journal();
    await first.append('collection-server', [stopped('r1')], 'no_stream');
    clock.advance(5_000);
    await first.append('collection-server', [stopped('r2')], 1);
    await first.close();
    const entries = await journal().tail(10);
    expect(entries).toEqual([
      { stream: 'collection-server', event: stopped('r1'), recordedAt: clock.now() - 5_000 },
      { stream: 'collection-server', event: stopped('r2'), recordedAt: clock.now() },
    ]);
  });

  it('keeps a lock held across a restart and gives it to one of two processes only', async () => {
    const first = lock();
    expect(await first.acquire('partition', 'run-1', 60_000)).toBe(true);
    await first.close();
    const [a, b] = [lock(), lock()];
    expect(await a.acquire('partition', 'run-2', 60_000)).toBe(false);
    clock.advance(60_000);
    const taken = await Promise.all([
      a.acquire('partition', 'run-2', 60_000),
      b.acquire('partition', 'run-3', 60_000),
    ]);
    expect(taken).toEqual([true, false]);
    expect(await b.renew('partition', 'run-1', 60_000)).toBe(false);
  });

  it('numbers the events of a journal written before versions existed, once, and appends after them', async () => {
    const old = openDurableDatabase(`${dataDir}/journal.db`);
    old.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL,
      event TEXT NOT NULL, recorded_at INTEGER NOT NULL);
      CREATE TABLE run_locks (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);`);
    const insert = old.prepare('INSERT INTO events (stream, event, recorded_at) VALUES (?, ?, 1)');
    for (const [stream, runId] of [
      ['a', 'r1'],
      ['b', 'r2'],
      ['a', 'r3'],
    ] as const) {
      insert.run(stream, JSON.stringify(stopped(runId)));
    }
    old.prepare('INSERT INTO run_locks VALUES (?, ?, ?)').run('partition', 'old-run', clock.now() + 60_000);
    old.close();

    const upgraded = journal();
    expect(await upgraded.readStream('a')).toEqual({ events: [stopped('r1'), stopped('r3')], version: 2 });
    await expect(upgraded.append('a', [stopped('r4')], 1)).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    expect(await upgraded.append('a', [stopped('r4')], 2)).toEqual({ nextExpectedVersion: 3 });
    await upgraded.close();
    expect((await journal().readStream('a')).version).toBe(3);
    expect(await lock().holderOf('partition')).toEqual(
      expect.objectContaining({ holder: 'old-run', host: 'unknown', expiresAt: clock.now() + 60_000 }),
    );
  });

  it('takes over at once a lock whose holder was a process of this machine that has ended, and only that', async () => {
    const ended = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const holders = lock();
    expect(await holders.acquire('report-a', 'run-ended', 60_000)).toBe(true);
    expect(await holders.acquire('report-b', 'run-running', 60_000)).toBe(true);
    expect(await holders.acquire('report-c', 'run-elsewhere', 60_000)).toBe(true);
    await holders.close();
    const db = openDurableDatabase(`${dataDir}/journal.db`);
    const setHolder = db.prepare('UPDATE run_locks SET host = ?, pid = ? WHERE name = ?');
    setHolder.run(os.hostname(), ended, 'report-a');
    setHolder.run(os.hostname(), process.ppid, 'report-b');
    setHolder.run('another-machine', ended, 'report-c');
    db.close();

    const runs = lock();
    expect(await runs.acquire('report-a', 'run-next', 60_000)).toBe(true);
    expect(await runs.holderOf('report-a')).toEqual(
      expect.objectContaining({ holder: 'run-next', pid: process.pid }),
    );
    // The run that had it finds it gone at its next fence.
    expect(await runs.renew('report-a', 'run-ended', 60_000)).toBe(false);
    expect(await runs.acquire('report-b', 'run-next', 60_000)).toBe(false);
    expect(await runs.acquire('report-c', 'run-next', 60_000)).toBe(false);
    clock.advance(60_001);
    expect(await runs.acquire('report-c', 'run-next', 60_000)).toBe(true);
  });

  it('opens its databases with the write-ahead log and synchronous FULL', () => {
    const db = openDurableDatabase(`${dataDir}/journal.db`);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      db.close();
    }
  });
});
