import { FileBatchStore } from '../../../src/adapters/local/file-batch-store';
import { describeBatchStoreContract } from '../../../src/testing';
import { tempDataDir } from './temp-data-dir';

describeBatchStoreContract('FileBatchStore', async () => {
  const { dataDir, remove } = await tempDataDir();
  return { store: new FileBatchStore({ dataDir }), teardown: remove };
});
