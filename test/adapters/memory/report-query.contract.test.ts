import { InMemoryPartitionStore, InMemoryReportQuery } from '../../../src/adapters/memory';
import { describeReportQueryContract } from '../../../src/testing';

describeReportQueryContract('InMemoryReportQuery', async () => {
  const partitions = new InMemoryPartitionStore();
  return { query: new InMemoryReportQuery(partitions), partitions };
});
