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

const fail = (what: string, problems: readonly string[]): never => {
  throw new LocusError(
    'CONFIGURATION',
    `${what} not configured:${problems.map((problem) => `\n  - ${problem}`).join('')}`,
  );
};

/** Reads one group of settings when first asked for, failing with every problem of that group. */
const lazyGroup = <T>(env: NodeJS.ProcessEnv, what: string, read: (reader: AwsEnvReader) => T): (() => T) => {
  let value: { readonly group: T } | undefined;
  return () => {
    if (value === undefined) {
      const reader = new AwsEnvReader(env);
      const group = read(reader);
      if (reader.problems.length > 0) fail(what, reader.problems);
      value = { group };
    }
    return value.group;
  };
};

/**
 * Reads the `aws` adapters' settings from `LOCUS_AWS_*` variables. The region (and the client
 * settings) are read at once; each other group when an adapter first asks for it, so that an entry
 * point is configured only for the adapters it builds: the queue (`LOCUS_AWS_QUEUE_URL`) for SQS,
 * the buckets for S3, Redshift for Spectrum, the instance for EC2. Throws
 * `LocusError('CONFIGURATION')` naming every missing or invalid variable of the group.
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
  const maxAttempts = reader.integer('LOCUS_AWS_MAX_ATTEMPTS', 5, 1, 20);
  const keyPrefix = readKeyPrefix(reader);
  const lockSettleMs = reader.integer('LOCUS_AWS_LOCK_SETTLE_MS', 200, 0, 10_000);
  if (reader.problems.length > 0) fail('the aws adapters are', reader.problems);
  const queue = lazyGroup(env, 'the SQS queue is', (r) => readQueue(r, readQueueUrls(r)));
  const buckets = lazyGroup(env, 'the S3 buckets are', readBuckets);
  const redshift = lazyGroup(env, 'the Redshift report query is', readRedshift);
  const ec2 = lazyGroup(env, 'the EC2 server is', readEc2);
  return {
    region,
    endpoint,
    maxAttempts,
    keyPrefix,
    lockSettleMs,
    get queue() {
      return queue();
    },
    get buckets() {
      return buckets();
    },
    get redshift() {
      return redshift();
    },
    get ec2() {
      return ec2();
    },
  };
};
