import { InMemoryPartitionStore, InMemoryReportQuery } from '../../../src/adapters/memory';
import { describeReportQueryContract } from '../../contracts/report-query.contract';

describeReportQueryContract('InMemoryReportQuery', async () => {
  const partitions = new InMemoryPartitionStore();
  return { query: new InMemoryReportQuery(partitions), partitions };
});
