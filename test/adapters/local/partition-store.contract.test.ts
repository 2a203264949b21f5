import path from 'node:path';
import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import { describePartitionStoreContract } from '../../../src/testing';
import { filesUnder } from '../../support/files-under';
import { tempDataDir } from './temp-data-dir';

describePartitionStoreContract('FilePartitionStore', async () => {
  const { dataDir, remove } = await tempDataDir();
  return {
    store: new FilePartitionStore({ dataDir }),
    storedNames: () => filesUnder(path.join(dataDir, 'storage')),
    teardown: remove,
  };
});
