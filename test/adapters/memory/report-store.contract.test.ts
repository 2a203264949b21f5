import { InMemoryReportStore } from '../../../src/adapters/memory';
import { describeReportStoreContract } from '../../contracts/report-store.contract';

describeReportStoreContract('InMemoryReportStore', async () => ({ store: new InMemoryReportStore() }));
