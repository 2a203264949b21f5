import { LocusError } from '../ports/errors';
import type { AwsEnvReader } from './aws-env-reader';

export interface AwsEc2Config {
  readonly instanceId: string;
  /** How long start or stop may take before it fails (ms). */
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/** The collect server's instance (`LOCUS_AWS_INSTANCE_ID`) and waits, or `undefined` when no instance is set. */
export const readEc2 = (env: AwsEnvReader): AwsEc2Config | undefined => {
  const instanceId = env.optional('LOCUS_AWS_INSTANCE_ID', INSTANCE_ID, 'an EC2 instance id (i-…)');
  if (instanceId === undefined) return undefined;
  return {
    instanceId,
    waitTimeoutMs: env.integer('LOCUS_AWS_EC2_TIMEOUT_MS', 10 * 60_000, 1_000, 3_600_000),
    pollIntervalMs: env.integer('LOCUS_AWS_EC2_POLL_MS', 5_000, 10, 60_000),
  };
};

/** The EC2 settings, or a `CONFIGURATION` error naming the variable to set. */
export const requireEc2Config = (config: { readonly ec2?: AwsEc2Config }): AwsEc2Config => {
  if (config.ec2 === undefined) {
    throw new LocusError(
      'CONFIGURATION',
      'the server lifecycle is not configured: set LOCUS_AWS_INSTANCE_ID',
    );
  }
  return config.ec2;
};
