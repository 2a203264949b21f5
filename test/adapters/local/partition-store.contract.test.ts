import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import { describePartitionStoreContract } from '../../contracts/partition-store.contract';
import { tempDataDir } from './temp-data-dir';

describePartitionStoreContract('FilePartitionStore', async () => {
  const { dataDir, remove } = await tempDataDir();
  return { store: new FilePartitionStore({ dataDir }), teardown: remove };
});
