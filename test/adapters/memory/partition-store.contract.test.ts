import { InMemoryPartitionStore } from '../../../src/adapters/memory';
import { describePartitionStoreContract } from '../../../src/testing';

describePartitionStoreContract('InMemoryPartitionStore', async () => ({
  store: new InMemoryPartitionStore(),
}));
