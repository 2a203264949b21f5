import { InMemoryReportStore } from '../../../src/adapters/memory';
import { describeReportStoreContract } from '../../../src/testing';

describeReportStoreContract('InMemoryReportStore', async () => ({ store: new InMemoryReportStore() }));
