import { SqliteEventJournal } from '../../../src/adapters/local/sqlite-event-journal';
import {
  describeEventJournalAppendAllContract,
  describeEventJournalContract,
  describeEventJournalReadStreamsContract,
} from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';
import { tempDataDir } from './temp-data-dir';

const createFixture = async () => {
  const { dataDir, remove } = await tempDataDir();
  const journal = new SqliteEventJournal({ dataDir }, new ManualClock());
  return {
    journal,
    teardown: async () => {
      await journal.close();
      await remove();
    },
  };
};

describeEventJournalContract('SqliteEventJournal', createFixture);
describeEventJournalAppendAllContract('SqliteEventJournal', createFixture);
describeEventJournalReadStreamsContract('SqliteEventJournal', createFixture);
