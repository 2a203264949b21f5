import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { RedshiftSpectrumReportQuery } from '../../../src/adapters/aws/redshift/redshift-spectrum-report-query';
import { S3PartitionStore } from '../../../src/adapters/aws/s3/s3-partition-store';
import { describeReportQueryContract } from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';
import { uniqueName, useFauxqs } from './fauxqs-setup';
import { SimulatedSpectrum } from './simulated-unload';

const aws = useFauxqs();

// Redshift's Data API is mocked; the UNLOAD it would run is simulated over the parts in fauxqs S3.
describeReportQueryContract('RedshiftSpectrumReportQuery', async () => {
  const bucket = await aws.newBucket();
  const config = aws.config({
    buckets: { work: bucket, storage: bucket, download: bucket },
    keyPrefix: `${uniqueName('t')}/`,
    redshift: {
      workgroupName: 'locus',
      database: 'dev',
      unloadRoleArn: 'arn:aws:iam::123456789012:role/locus-unload',
      schema: 'locus',
      pollInitialMs: 1,
      pollMaxMs: 4,
      statementTimeoutMs: 60_000,
    },
  });
  const spectrum = new SimulatedSpectrum(aws.s3);
  const client = new RedshiftDataClient({ region: 'us-east-1' });
  const redshift = mockClient(client);
  spectrum.answerFor(redshift);
  let run = 0;
  const query = new RedshiftSpectrumReportQuery(client, aws.s3, config, new ManualClock(), {
    next: () => `run-${++run}`,
  });
  return {
    query,
    partitions: new S3PartitionStore(aws.s3, config),
    teardown: async () => {
      redshift.restore();
      client.destroy();
    },
  };
});
