import type { ContainerModuleLoadOptions, ServiceIdentifier } from 'inversify';
import { createS3Client, createSqsClient } from '../adapters/aws/aws-clients';
import { AWS_TOKENS } from '../adapters/aws/aws-tokens';
import { S3RejectedStore } from '../adapters/aws/s3/s3-rejected-store';
import { SqsLocationQueue } from '../adapters/aws/sqs/sqs-location-queue';
import { TOKENS } from '../application/tokens';
import type { AwsAdapterConfig } from '../config/aws-config';
import type { PortBinder } from './adapter-binders';

/** An SDK client: destroyed when its container unbinds it. */
export type AwsClient = { destroy(): void };

/**
 * Binds the `aws` config and one SDK client (a singleton built on first use, destroyed on unbind),
 * each unless already bound: several ports that need the same client share it.
 */
export const bindAwsClient = (
  { bind, isBound }: ContainerModuleLoadOptions,
  config: AwsAdapterConfig,
  token: ServiceIdentifier<AwsClient>,
  create: (config: AwsAdapterConfig) => AwsClient,
): void => {
  if (!isBound(AWS_TOKENS.Config)) bind(AWS_TOKENS.Config).toConstantValue(config);
  if (isBound(token)) return;
  bind(token)
    .toDynamicValue(() => create(config))
    .inSingletonScope()
    .onDeactivation((client) => client.destroy());
};

/**
 * The `aws` profile's queue: `SqsLocationQueue` on its SQS client. A module of its own so that an
 * entry point that binds only the queue (`parse_request`) bundles neither S3, Redshift nor EC2.
 */
export const sqsQueueBinder =
  (config: AwsAdapterConfig): PortBinder =>
  (options) => {
    bindAwsClient(options, config, AWS_TOKENS.SqsClient, createSqsClient);
    options.bind(TOKENS.LocationQueue).to(SqsLocationQueue).inSingletonScope();
  };

/**
 * The `aws` profile's rejected store: `S3RejectedStore` on its S3 client (`rejected/` in the work
 * bucket), for `parse_request` and every other entry point that keeps or reads refused items.
 */
export const s3RejectedBinder =
  (config: AwsAdapterConfig): PortBinder =>
  (options) => {
    bindAwsClient(options, config, AWS_TOKENS.S3Client, createS3Client);
    options.bind(TOKENS.RejectedStore).to(S3RejectedStore).inSingletonScope();
  };
