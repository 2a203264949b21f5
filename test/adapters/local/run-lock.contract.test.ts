import { SqliteRunLock } from '../../../src/adapters/local/sqlite-run-lock';
import { describeRunLockContract } from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';
import { tempDataDir } from './temp-data-dir';

describeRunLockContract('SqliteRunLock', async () => {
  const { dataDir, remove } = await tempDataDir();
  const clock = new ManualClock();
  const lock = new SqliteRunLock({ dataDir }, clock);
  return {
    lock,
    advanceTime: (ms) => clock.advance(ms),
    teardown: async () => {
      await lock.close();
      await remove();
    },
  };
});
