import { LocusError } from '../ports/errors';
import type { AwsEnvReader } from './aws-env-reader';

export interface AwsRedshiftConfig {
  /** A provisioned cluster (with `dbUser` or `secretArn`) … */
  readonly clusterIdentifier?: string;
  /** … or a Redshift Serverless workgroup (with `secretArn` or the caller's IAM identity). */
  readonly workgroupName?: string;
  readonly database: string;
  readonly dbUser?: string;
  readonly secretArn?: string;
  /** The role Redshift assumes to write UNLOAD output to S3. */
  readonly unloadRoleArn: string;
  /** The external schema that holds the `locations` table. */
  readonly schema: string;
  /** First and longest pause between two `DescribeStatement` polls (ms). */
  readonly pollInitialMs: number;
  readonly pollMaxMs: number;
  /** How long one statement may run before it is cancelled (ms). */
  readonly statementTimeoutMs: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,126}$/;
const ARN = /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:[A-Za-z0-9_+=,.@:/!-]+$/;
const NAME = /^[A-Za-z0-9_.@+=,:-]{1,128}$/;

/** Setting any of these makes the Redshift group configured, and checked whole. */
const REDSHIFT_VARIABLES = [
  'LOCUS_AWS_REDSHIFT_CLUSTER_ID',
  'LOCUS_AWS_REDSHIFT_WORKGROUP',
  'LOCUS_AWS_REDSHIFT_DATABASE',
  'LOCUS_AWS_REDSHIFT_DB_USER',
  'LOCUS_AWS_REDSHIFT_SECRET_ARN',
  'LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN',
];

const checkTarget = (env: AwsEnvReader): void => {
  const hasCluster = env.has('LOCUS_AWS_REDSHIFT_CLUSTER_ID');
  const hasWorkgroup = env.has('LOCUS_AWS_REDSHIFT_WORKGROUP');
  if (hasCluster === hasWorkgroup) {
    env.problems.push(
      'set exactly one of LOCUS_AWS_REDSHIFT_CLUSTER_ID (provisioned) and LOCUS_AWS_REDSHIFT_WORKGROUP (Serverless)',
    );
  }
  if (hasCluster && !env.has('LOCUS_AWS_REDSHIFT_DB_USER') && !env.has('LOCUS_AWS_REDSHIFT_SECRET_ARN')) {
    env.problems.push(
      'a provisioned cluster needs LOCUS_AWS_REDSHIFT_DB_USER or LOCUS_AWS_REDSHIFT_SECRET_ARN',
    );
  }
  if (hasWorkgroup && env.has('LOCUS_AWS_REDSHIFT_DB_USER')) {
    env.problems.push('LOCUS_AWS_REDSHIFT_DB_USER applies to a provisioned cluster, not to a workgroup');
  }
};

/** The `LOCUS_AWS_REDSHIFT_*` group, or `undefined` when none of its variables is set. */
export const readRedshift = (env: AwsEnvReader): AwsRedshiftConfig | undefined => {
  if (!REDSHIFT_VARIABLES.some((name) => env.has(name))) return undefined;
  const clusterIdentifier = env.optional('LOCUS_AWS_REDSHIFT_CLUSTER_ID', NAME, 'a cluster identifier');
  const workgroupName = env.optional('LOCUS_AWS_REDSHIFT_WORKGROUP', NAME, 'a workgroup name');
  const dbUser = env.optional('LOCUS_AWS_REDSHIFT_DB_USER', NAME, 'a database user name');
  const secretArn = env.optional('LOCUS_AWS_REDSHIFT_SECRET_ARN', ARN, 'a Secrets Manager ARN');
  checkTarget(env);
  const pollInitialMs = env.integer('LOCUS_AWS_REDSHIFT_POLL_INITIAL_MS', 250, 1, 60_000);
  return {
    clusterIdentifier,
    workgroupName,
    database: env.required('LOCUS_AWS_REDSHIFT_DATABASE', NAME, 'the database name'),
    dbUser,
    secretArn,
    unloadRoleArn: env.required('LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN', ARN, 'the IAM role ARN used by UNLOAD'),
    schema: env.optional('LOCUS_AWS_REDSHIFT_SCHEMA', IDENTIFIER, 'an SQL identifier') ?? 'locus',
    pollInitialMs,
    pollMaxMs: env.integer('LOCUS_AWS_REDSHIFT_POLL_MAX_MS', 5_000, pollInitialMs, 300_000),
    statementTimeoutMs: env.integer('LOCUS_AWS_REDSHIFT_TIMEOUT_MS', 30 * 60_000, 1_000, 24 * 3_600_000),
  };
};

/** The Redshift settings, or a `CONFIGURATION` error naming the variables to set. */
export const requireRedshiftConfig = (config: {
  readonly redshift?: AwsRedshiftConfig;
}): AwsRedshiftConfig => {
  if (config.redshift === undefined) {
    throw new LocusError(
      'CONFIGURATION',
      'the Redshift report query is not configured: set LOCUS_AWS_REDSHIFT_DATABASE, ' +
        'LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN and LOCUS_AWS_REDSHIFT_CLUSTER_ID (with _DB_USER or _SECRET_ARN) ' +
        'or LOCUS_AWS_REDSHIFT_WORKGROUP',
    );
  }
  return config.redshift;
};
