import { SqliteEventJournal } from '../../../src/adapters/local/sqlite-event-journal';
import { describeEventJournalContract } from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';
import { tempDataDir } from './temp-data-dir';

describeEventJournalContract('SqliteEventJournal', async () => {
  const { dataDir, remove } = await tempDataDir();
  const journal = new SqliteEventJournal({ dataDir }, new ManualClock());
  return {
    journal,
    teardown: async () => {
      await journal.close();
      await remove();
    },
  };
});
