import { InMemoryPartitionStore } from '../../../src/adapters/memory';
import { describePartitionStoreContract } from '../../contracts/partition-store.contract';

describePartitionStoreContract('InMemoryPartitionStore', async () => ({
  store: new InMemoryPartitionStore(),
}));
