import type { ContainerModuleLoadOptions, ServiceIdentifier } from 'inversify';
import { createEc2Client, createRedshiftDataClient, createS3Client } from '../adapters/aws/aws-clients';
import { AWS_TOKENS } from '../adapters/aws/aws-tokens';
import { Ec2ServerLifecycle } from '../adapters/aws/ec2/ec2-server-lifecycle';
import { RedshiftSpectrumReportQuery } from '../adapters/aws/redshift/redshift-spectrum-report-query';
import { S3BatchStore } from '../adapters/aws/s3/s3-batch-store';
import { S3EventJournal } from '../adapters/aws/s3/s3-event-journal';
import { S3PartitionStore } from '../adapters/aws/s3/s3-partition-store';
import { S3ReportStore } from '../adapters/aws/s3/s3-report-store';
import { S3RunLock } from '../adapters/aws/s3/s3-run-lock';
import { InMemoryScratchSpace } from '../adapters/memory/in-memory-scratch-space';
import { TOKENS } from '../application/tokens';
import type { AwsAdapterConfig } from '../config/aws-config';
import type { AdapterBinders, PortBinder } from './adapter-binders';
import { type AwsClient, bindAwsClient, s3RejectedBinder, sqsQueueBinder } from './aws-client-binding';

export type { AwsAdapterConfig } from '../config/aws-config';

type ClientToken = ServiceIdentifier<AwsClient>;

/**
 * The `aws` profile: SQS queue, S3 stores, journal and lock, Redshift Spectrum query, EC2
 * lifecycle; scratch space in memory. Each SDK client is one singleton per container, built from
 * the config when the first port that needs it is resolved, and destroyed when it is unbound.
 * Redshift and EC2 settings are checked when their port is resolved, so an entry point that never
 * uses them need not set them.
 */
export const awsBinders = (config: AwsAdapterConfig): AdapterBinders => {
  const clients: ReadonlyArray<readonly [ClientToken, (c: AwsAdapterConfig) => AwsClient]> = [
    [AWS_TOKENS.S3Client, createS3Client],
    [AWS_TOKENS.RedshiftDataClient, createRedshiftDataClient],
    [AWS_TOKENS.Ec2Client, createEc2Client],
  ];

  /** Binds the config and the clients a port needs, once, whichever ports a container takes. */
  const needs =
    (tokens: readonly ClientToken[], bindPort: PortBinder): PortBinder =>
    (options: ContainerModuleLoadOptions) => {
      if (!options.isBound(AWS_TOKENS.Config)) options.bind(AWS_TOKENS.Config).toConstantValue(config);
      for (const [token, create] of clients) {
        if (tokens.includes(token)) bindAwsClient(options, config, token, create);
      }
      bindPort(options);
    };
  const s3 = [AWS_TOKENS.S3Client];

  return {
    queue: sqsQueueBinder(config),
    batches: needs(s3, ({ bind }) => {
      bind(TOKENS.BatchStore).to(S3BatchStore).inSingletonScope();
    }),
    partitions: needs(s3, ({ bind }) => {
      bind(TOKENS.PartitionStore).to(S3PartitionStore).inSingletonScope();
    }),
    reportQuery: needs([AWS_TOKENS.RedshiftDataClient, AWS_TOKENS.S3Client], ({ bind }) => {
      bind(TOKENS.ReportQuery).to(RedshiftSpectrumReportQuery).inSingletonScope();
    }),
    reports: needs(s3, ({ bind }) => {
      bind(TOKENS.ReportStore).to(S3ReportStore).inSingletonScope();
    }),
    journal: needs(s3, ({ bind }) => {
      bind(TOKENS.EventJournal).to(S3EventJournal).inSingletonScope();
    }),
    lock: needs(s3, ({ bind }) => {
      bind(TOKENS.RunLock).to(S3RunLock).inSingletonScope();
    }),
    scratch: needs([], ({ bind }) => {
      bind(TOKENS.ScratchSpace).to(InMemoryScratchSpace).inSingletonScope();
    }),
    lifecycle: needs([AWS_TOKENS.Ec2Client], ({ bind }) => {
      bind(TOKENS.ServerLifecycle).to(Ec2ServerLifecycle).inSingletonScope();
    }),
    rejected: s3RejectedBinder(config),
  };
};
