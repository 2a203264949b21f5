import { FileScratchSpace } from '../../../src/adapters/local/file-scratch-space';
import { describeScratchSpaceContract } from '../../../src/testing';
import { tempDataDir } from './temp-data-dir';

describeScratchSpaceContract('FileScratchSpace', async () => {
  const { dataDir, remove } = await tempDataDir();
  return { scratch: new FileScratchSpace({ dataDir }), teardown: remove };
});
