import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import { describePartitionStoreContract } from '../../contracts/partition-store.contract';
import { tempDataDir } from './temp-data-dir';

/** Every file under a folder (temp files included), as paths relative to it. */
const filesUnder = async (root: string): Promise<string[]> => {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
};

describePartitionStoreContract('FilePartitionStore', async () => {
  const { dataDir, remove } = await tempDataDir();
  return {
    store: new FilePartitionStore({ dataDir }),
    storedNames: () => filesUnder(path.join(dataDir, 'storage')),
    teardown: remove,
  };
});
