import { InMemoryEventJournal } from '../../../src/adapters/memory';
import { describeEventJournalContract } from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';

describeEventJournalContract('InMemoryEventJournal', async () => ({
  journal: new InMemoryEventJournal(new ManualClock()),
}));
