import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteLocationQueue } from '../../../src/adapters/local/sqlite-location-queue';
import { describeLocationQueueContract } from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';
import { tempDataDir } from './temp-data-dir';

describeLocationQueueContract('SqliteLocationQueue', async (options) => {
  const { dataDir, remove } = await tempDataDir();
  const clock = new ManualClock();
  const queue = new SqliteLocationQueue({ dataDir }, clock, { maxReceives: options?.maxReceives });
  return {
    queue,
    advanceTime: (ms) => clock.advance(ms),
    sendText: async (body) => {
      await queue.depth();
      const db = new Database(path.join(dataDir, 'queue.db'));
      db.prepare('INSERT INTO messages (body, visible_at) VALUES (?, 0)').run(body);
      db.close();
    },
    teardown: async () => {
      await queue.close();
      await remove();
    },
  };
});
