import type { ServiceIdentifier } from 'inversify';
import { createS3Client, createSqsClient, createSsmClient } from '../adapters/aws/aws-clients';
import { AWS_TOKENS } from '../adapters/aws/aws-tokens';
import { S3BatchArchive } from '../adapters/aws/s3/s3-batch-archive';
import { S3BatchStore } from '../adapters/aws/s3/s3-batch-store';
import { S3EventJournal } from '../adapters/aws/s3/s3-event-journal';
import { S3PartitionStore } from '../adapters/aws/s3/s3-partition-store';
import { S3RejectedStore } from '../adapters/aws/s3/s3-rejected-store';
import { S3PresignedReportLinks } from '../adapters/aws/s3/s3-report-links';
import { S3ReportStore } from '../adapters/aws/s3/s3-report-store';
import { S3RunLock } from '../adapters/aws/s3/s3-run-lock';
import { SqsLocationQueue } from '../adapters/aws/sqs/sqs-location-queue';
import { SsmTokenStore } from '../adapters/aws/ssm/ssm-token-store';
import { type AwsAdapterConfig, readAwsConfig } from '../config/aws-config';
import { ssmTokenSettings } from '../config/aws-token-config';
import { type AdapterEntry, type AdapterTable, once, singleton } from './adapter-entry';

/** An SDK client: destroyed when its container unbinds it. */
export type AwsClient = { destroy(): void };

/** The aws settings, read once per container when an adapter first needs them (each group on use). */
const awsConfig = once(AWS_TOKENS.Config, ({ variables }) => readAwsConfig(variables));

/** One SDK client per container, made on first use from the aws settings, shared by the adapters. */
export const awsClient =
  (token: ServiceIdentifier<AwsClient>, create: (config: AwsAdapterConfig) => AwsClient): AdapterEntry =>
  (options, context) => {
    awsConfig(options, context);
    once(
      token,
      (_, { get }) => create(get(AWS_TOKENS.Config)),
      (client) => client.destroy(),
    )(options, context);
  };

export const s3Client = awsClient(AWS_TOKENS.S3Client, createS3Client);

/** The token store's own SSM client and parameter path (`LOCUS_AWS_TOKEN_PATH`), read on first use. */
const ssm = [
  once(
    AWS_TOKENS.SsmClient,
    ({ variables }) => createSsmClient(ssmTokenSettings(variables).client),
    (client) => client.destroy(),
  ),
  once(AWS_TOKENS.SsmTokenPath, ({ variables }) => ssmTokenSettings(variables).path),
];

/** SQS, S3 and SSM: the ingest path and the stores (Redshift and EC2 are in aws-compute-adapters.ts). */
export const AWS_ADAPTERS: AdapterTable = {
  queue: { sqs: singleton(SqsLocationQueue, awsClient(AWS_TOKENS.SqsClient, createSqsClient)) },
  batches: { s3: singleton(S3BatchStore, s3Client) },
  archive: { s3: singleton(S3BatchArchive, s3Client) },
  partitions: { s3: singleton(S3PartitionStore, s3Client) },
  reports: { s3: singleton(S3ReportStore, s3Client) },
  links: { s3: singleton(S3PresignedReportLinks, s3Client) },
  journal: { s3: singleton(S3EventJournal, s3Client) },
  lock: { s3: singleton(S3RunLock, s3Client) },
  rejected: { s3: singleton(S3RejectedStore, s3Client) },
  tokens: { ssm: singleton(SsmTokenStore, ...ssm) },
};
