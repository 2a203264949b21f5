import { DuckDbReportQuery } from '../../../src/adapters/local/duckdb-report-query';
import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import { describeReportQueryContract } from '../../../src/testing';
import { tempDataDir } from './temp-data-dir';

describeReportQueryContract('DuckDbReportQuery', async () => {
  const { dataDir, remove } = await tempDataDir();
  const query = new DuckDbReportQuery({ dataDir });
  return {
    query,
    partitions: new FilePartitionStore({ dataDir }),
    teardown: async () => {
      await query.close();
      await remove();
    },
  };
});
