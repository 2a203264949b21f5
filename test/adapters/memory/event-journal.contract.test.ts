import { InMemoryEventJournal } from '../../../src/adapters/memory';
import {
  describeEventJournalAppendAllContract,
  describeEventJournalContract,
  describeEventJournalReadStreamsContract,
} from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';

const createFixture = async () => ({ journal: new InMemoryEventJournal(new ManualClock()) });

describeEventJournalContract('InMemoryEventJournal', createFixture);
describeEventJournalAppendAllContract('InMemoryEventJournal', createFixture);
describeEventJournalReadStreamsContract('InMemoryEventJournal', createFixture);
