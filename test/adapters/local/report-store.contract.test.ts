import { FileReportStore } from '../../../src/adapters/local/file-report-store';
import { describeReportStoreContract } from '../../../src/testing';
import { tempDataDir } from './temp-data-dir';

describeReportStoreContract('FileReportStore', async () => {
  const { dataDir, remove } = await tempDataDir();
  return { store: new FileReportStore({ dataDir }), teardown: remove };
});
