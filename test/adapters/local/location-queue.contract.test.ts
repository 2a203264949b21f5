import { SqliteLocationQueue } from '../../../src/adapters/local/sqlite-location-queue';
import { describeLocationQueueContract } from '../../contracts/location-queue.contract';
import { ManualClock } from '../../support/manual-clock';
import { tempDataDir } from './temp-data-dir';

describeLocationQueueContract('SqliteLocationQueue', async () => {
  const { dataDir, remove } = await tempDataDir();
  const clock = new ManualClock();
  const queue = new SqliteLocationQueue({ dataDir }, clock);
  return {
    queue,
    advanceTime: (ms) => clock.advance(ms),
    teardown: async () => {
      await queue.close();
      await remove();
    },
  };
});
