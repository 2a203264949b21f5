import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsAdapterConfig } from '../../config/aws-config';

/** What a client is built from: the region, the endpoint override and the attempts of a call. */
export type AwsClientSettings = Pick<AwsAdapterConfig, 'region' | 'endpoint' | 'maxAttempts'>;

/**
 * What every client shares: the region, the endpoint override (emulators), and the SDK's
 * `standard` retry strategy: exponential backoff with full jitter on throttling, 5xx and
 * transient network errors, `maxAttempts` tries in all.
 */
export const awsClientOptions = (config: AwsClientSettings) => ({
  region: config.region,
  maxAttempts: config.maxAttempts,
  retryMode: 'standard',
  ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
});

export const createSqsClient = (config: AwsAdapterConfig): SQSClient =>
  new SQSClient(awsClientOptions(config));

/** S3 with an endpoint override uses path-style URLs (`http://host/bucket/key`), as emulators expect. */
export const createS3Client = (config: AwsAdapterConfig): S3Client =>
  new S3Client({ ...awsClientOptions(config), forcePathStyle: config.endpoint !== undefined });

export const createRedshiftDataClient = (config: AwsAdapterConfig): RedshiftDataClient =>
  new RedshiftDataClient(awsClientOptions(config));

export const createEc2Client = (config: AwsAdapterConfig): EC2Client =>
  new EC2Client(awsClientOptions(config));

/** SSM Parameter Store (the `aws` profile's tokens); only region, endpoint and attempts are needed. */
export const createSsmClient = (settings: AwsClientSettings): SSMClient =>
  new SSMClient(awsClientOptions(settings));
