import { createEc2Client, createRedshiftDataClient } from '../adapters/aws/aws-clients';
import { AWS_TOKENS } from '../adapters/aws/aws-tokens';
import { Ec2ServerLifecycle } from '../adapters/aws/ec2/ec2-server-lifecycle';
import { RedshiftSpectrumReportQuery } from '../adapters/aws/redshift/redshift-spectrum-report-query';
import { type AdapterTable, singleton } from './adapter-entry';
import { awsClient, s3Client } from './aws-adapters';

/** Redshift Spectrum and EC2: kept apart so that the ingest path carries neither client. */
export const AWS_COMPUTE_ADAPTERS: AdapterTable = {
  reportQuery: {
    spectrum: singleton(
      RedshiftSpectrumReportQuery,
      awsClient(AWS_TOKENS.RedshiftDataClient, createRedshiftDataClient),
      s3Client,
    ),
  },
  server: { ec2: singleton(Ec2ServerLifecycle, awsClient(AWS_TOKENS.Ec2Client, createEc2Client)) },
};
