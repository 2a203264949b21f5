import { LocusError } from '../ports/errors';
import { type AwsBuckets, readBuckets, readKeyPrefix } from './aws-bucket-config';
import { type AwsEc2Config, readEc2 } from './aws-ec2-config';
import { AwsEnvReader } from './aws-env-reader';
import { type AwsQueueConfig, readQueue, readQueueUrls } from './aws-queue-config';
import { type AwsRedshiftConfig, readRedshift } from './aws-redshift-config';

export type { AwsBuckets } from './aws-bucket-config';
export { type AwsEc2Config, requireEc2Config } from './aws-ec2-config';
export type { AwsQueueConfig } from './aws-queue-config';
export { type AwsRedshiftConfig, requireRedshiftConfig } from './aws-redshift-config';

/** Everything the `aws` profile's adapters need. */
export interface AwsAdapterConfig {
  readonly region: string;
  /** An endpoint for every client (an emulator such as fauxqs); S3 then uses path-style URLs. */
  readonly endpoint?: string;
  /** Attempts of the SDK's standard retry strategy (backoff with full jitter on throttling and 5xx). */
  readonly maxAttempts: number;
  readonly queue: AwsQueueConfig;
  readonly buckets: AwsBuckets;
  /** Put in front of every object key (`''` or ends with `/`). */
  readonly keyPrefix: string;
  /**
   * How long a run lock's writer waits before reading its write back (ms), so that writers racing
   * for a free lock have all written and agree on the one write left in place.
   */
  readonly lockSettleMs: number;
  /** Absent when not configured; the report query then refuses to start, naming what is missing. */
  readonly redshift?: AwsRedshiftConfig;
  /** Absent when not configured; the server lifecycle then refuses to start. */
  readonly ec2?: AwsEc2Config;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Reads the `aws` profile's settings from `LOCUS_AWS_*` variables. Region, queue URL and buckets
 * are required; Redshift and EC2 settings are optional groups, checked whole once any is set.
 * Throws `LocusError('CONFIGURATION')` naming every missing or invalid variable.
 */
export const readAwsConfig = (env: NodeJS.ProcessEnv): AwsAdapterConfig => {
  const reader = new AwsEnvReader(env);
  const regionVariable =
    reader.has('LOCUS_AWS_REGION') || !reader.has('AWS_REGION') ? 'LOCUS_AWS_REGION' : 'AWS_REGION';
  const region = reader.required(
    regionVariable,
    REGION,
    'an AWS region such as eu-west-1; AWS_REGION is used when unset',
  );
  const endpoint = reader.url('LOCUS_AWS_ENDPOINT', false);
  const queueUrls = readQueueUrls(reader);
  const config: AwsAdapterConfig = {
    region,
    endpoint,
    maxAttempts: reader.integer('LOCUS_AWS_MAX_ATTEMPTS', 5, 1, 20),
    queue: readQueue(reader, queueUrls),
    buckets: readBuckets(reader),
    keyPrefix: readKeyPrefix(reader),
    lockSettleMs: reader.integer('LOCUS_AWS_LOCK_SETTLE_MS', 200, 0, 10_000),
    redshift: readRedshift(reader),
    ec2: readEc2(reader),
  };
  if (reader.problems.length > 0) {
    throw new LocusError(
      'CONFIGURATION',
      `the aws profile is not configured: ${reader.problems.map((problem) => `\n  - ${problem}`).join('')}`,
    );
  }
  return config;
};
