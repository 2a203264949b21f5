import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { encodeLocationLines } from '../../src/domain';
import { aRecord } from '../support/records';
import { locus } from './cli-harness';

describe('locus quarantine on the local profile', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'locus-quarantine-'));
    env = { LOCUS_DATA_DIR: dataDir, LOCUS_TIMEZONE: 'UTC', LOCUS_LOG_LEVEL: 'warn' };
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Sets messages aside in the queue's quarantine table, as a lease does. */
  const setAside = async (rows: readonly { body: string; reason: string }[]): Promise<void> => {
    expect((await locus(env, 'status')).code).toBe(0);
    const db = new Database(path.join(dataDir, 'queue.db'));
    const insert = db.prepare(
      'INSERT INTO quarantined_messages (body, reason, quarantined_at) VALUES (?, ?, ?)',
    );
    for (const row of rows) insert.run(row.body, row.reason, Date.now());
    db.close();
  };

  const records = [
    aRecord({ deviceId: 'phone-1', latitude: 35.681236, recordedAt: Date.now() - 3_600_000 }),
    aRecord({ deviceId: 'phone-2', latitude: 35.681236, recordedAt: Date.now() - 3_600_000 }),
  ];

  it('raises an alarm in status, lists, redrives what can be read and journals it', async () => {
    await setAside([
      { body: encodeLocationLines(records), reason: 'leased 5 times without acknowledgement' },
      { body: 'garbage 35.681236', reason: 'row 1: expected 10 fields' },
    ]);

    const status = await locus(env, 'status');
    expect(status.stdout).toContain('ALARM        2 queue messages quarantined (2 records)');
    expect(status.stdout).toContain('1 × leased 5 times without acknowledgement');
    expect(status.stdout).toContain('1 × row 1: expected 10 fields (unreadable)');
    expect(status.stdout).toContain('locus quarantine redrive');

    const list = await locus(env, 'quarantine', 'list', '--json');
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as {
      messages: { id: string; records: number | null; preview: string }[];
    };
    expect(listed.messages.map((message) => message.records)).toEqual([2, null]);
    expect(list.stdout).not.toContain('35.68');
    const text = await locus(env, 'quarantine', 'list');
    expect(text.stdout).toContain('phone-1 ×1, phone-2 ×1');

    const redrive = await locus(env, 'quarantine', 'redrive');
    expect(redrive.code).toBe(0);
    expect(redrive.stdout).toContain('redriven 1 message (2 records)');
    expect(redrive.stdout).toContain(`kept ${listed.messages[1]?.id}: cannot be read`);

    const store = await locus(env, 'store', '--json');
    expect(JSON.parse(store.stdout)).toEqual(expect.objectContaining({ recordCount: 2 }));
    const after = await locus(env, 'status', '--json');
    const pipeline = JSON.parse(after.stdout) as {
      quarantine: { messages: unknown[] };
      recentEvents: { stream: string; type: string; data: { records: number } }[];
    };
    expect(pipeline.quarantine.messages).toHaveLength(1);
    expect(pipeline.recentEvents).toContainEqual(
      expect.objectContaining({
        stream: 'quarantine',
        type: 'QuarantineRedriven',
        data: expect.objectContaining({ records: 2 }),
      }),
    );
  });

  it('fails when a message asked for by id is not in quarantine', async () => {
    const run = await locus(env, 'quarantine', 'redrive', '--id', '41');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('not in quarantine: 41');
  });

  it('puts a repaired batch back to pending and keeps one that still cannot be read', async () => {
    await setAside([]);
    const db = new Database(path.join(dataDir, 'queue.db'));
    db.prepare('INSERT INTO messages (body, visible_at) VALUES (?, 0)').run(encodeLocationLines(records));
    db.close();
    expect((await locus(env, 'store')).code).toBe(0);
    const [file] = await readdir(path.join(dataDir, 'work'));
    const batchId = (file as string).replace(/\.csv$/, '');
    await mkdir(path.join(dataDir, 'quarantine/work'), { recursive: true });
    await rename(
      path.join(dataDir, 'work', file as string),
      path.join(dataDir, 'quarantine/work', file as string),
    );
    await writeFile(path.join(dataDir, `quarantine/work/${batchId}.reason.txt`), 'row 2: cut short\n');

    const status = await locus(env, 'status');
    expect(status.stdout).toContain('ALARM        1 batch quarantined (unreadable)');
    expect(status.stdout).toContain('1 × row 2: cut short');
    expect(status.stdout).toContain(`ids: ${batchId}`);
    const listed = await locus(env, 'quarantine', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual({
      messages: [],
      batches: [{ id: batchId, reason: 'row 2: cut short' }],
    });

    const restored = await locus(env, 'quarantine', 'redrive', '--batch', batchId);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`restored batch ${batchId}`);
    const after = await locus(env, 'status');
    expect(after.stdout).toMatch(/batches +1 pending, 0 quarantined/);
    expect(after.stdout).not.toContain('ALARM');
    const events = (JSON.parse((await locus(env, 'status', '--json')).stdout) as { recentEvents: unknown[] })
      .recentEvents;
    expect(events).toContainEqual(
      expect.objectContaining({
        stream: 'quarantine',
        type: 'QuarantinedBatchRestored',
        data: expect.objectContaining({ batchId }),
      }),
    );

    await rename(
      path.join(dataDir, 'work', file as string),
      path.join(dataDir, 'quarantine/work', file as string),
    );
    await writeFile(path.join(dataDir, 'quarantine/work', file as string), 'still,not,a,record\n');
    const refused = await locus(env, 'quarantine', 'redrive', '--batch', batchId);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('still cannot be read');
    expect((await locus(env, 'status')).stdout).toMatch(/batches +0 pending, 1 quarantined/);
  });
});
