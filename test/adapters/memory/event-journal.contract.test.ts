import { InMemoryEventJournal } from '../../../src/adapters/memory';
import { describeEventJournalContract } from '../../contracts/event-journal.contract';
import { ManualClock } from '../../support/manual-clock';

describeEventJournalContract('InMemoryEventJournal', async () => ({
  journal: new InMemoryEventJournal(new ManualClock()),
}));
