import { LocusError } from '../ports/errors';

/** Where the three object areas live: one bucket for all, or one bucket each. */
export interface AwsBuckets {
  /** `work/`, `archive/work/`, `quarantine/work/`, `journal/`, `locks/`. */
  readonly work: string;
  /** `storage/dt=…/` (the Spectrum table) and `unload/` (query output). */
  readonly storage: string;
  /** `download/` (the daily reports). */
  readonly download: string;
}

export interface AwsQueueConfig {
  readonly url: string;
  /** Where messages that cannot be read are moved; without it they are kept invisible and counted. */
  readonly deadLetterUrl?: string;
  /** Long-polling wait of a receive (0..20 s). */
  readonly waitTimeSeconds: number;
  /** Receive calls run in parallel to fill one lease. */
  readonly receivers: number;
  /** How long an enqueue waits for others to share a `SendMessageBatch` call (ms). */
  readonly sendLingerMs: number;
}

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

export interface AwsEc2Config {
  readonly instanceId: string;
  /** How long start or stop may take before it fails (ms). */
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
}

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

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_PREFIX = /^([A-Za-z0-9._-]+\/?)*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,126}$/;
const ARN = /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:[A-Za-z0-9_+=,.@:/!-]+$/;
const NAME = /^[A-Za-z0-9_.@+=,:-]{1,128}$/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Reads variables one by one and collects every problem, so one error names them all. */
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  has(name: string): boolean {
    return (this.env[name] ?? '').trim() !== '';
  }

  optional(name: string, pattern?: RegExp, what?: string): string | undefined {
    const value = this.env[name]?.trim();
    if (value === undefined || value === '') return undefined;
    if (pattern !== undefined && !pattern.test(value)) {
      this.problems.push(`${name} "${value}" is not ${what ?? 'valid'}`);
      return undefined;
    }
    return value;
  }

  required(name: string, pattern?: RegExp, what?: string): string {
    if (!this.has(name)) {
      this.problems.push(`${name} is missing${what === undefined ? '' : ` (${what})`}`);
      return '';
    }
    return this.optional(name, pattern, what) ?? '';
  }

  url(name: string, required: boolean): string | undefined {
    const value = required ? this.required(name) : this.optional(name);
    if (value === undefined || value === '') return value;
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // reported below
    }
    this.problems.push(`${name} "${value}" is not an http(s) URL`);
    return undefined;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const text = this.optional(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} "${text}" is not a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }
}

const readBuckets = (env: EnvReader): AwsBuckets => {
  const shared = env.optional('LOCUS_AWS_BUCKET', BUCKET, 'an S3 bucket name');
  const each = (area: string): string => {
    const name = `LOCUS_AWS_${area}_BUCKET`;
    if (shared !== undefined || env.has(name))
      return env.optional(name, BUCKET, 'an S3 bucket name') ?? shared ?? '';
    env.problems.push(`${name} is missing (or set LOCUS_AWS_BUCKET for one bucket holding every area)`);
    return '';
  };
  return { work: each('WORK'), storage: each('STORAGE'), download: each('DOWNLOAD') };
};

const REDSHIFT_VARIABLES = [
  'LOCUS_AWS_REDSHIFT_CLUSTER_ID',
  'LOCUS_AWS_REDSHIFT_WORKGROUP',
  'LOCUS_AWS_REDSHIFT_DATABASE',
  'LOCUS_AWS_REDSHIFT_DB_USER',
  'LOCUS_AWS_REDSHIFT_SECRET_ARN',
  'LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN',
];

const readRedshift = (env: EnvReader): AwsRedshiftConfig | undefined => {
  if (!REDSHIFT_VARIABLES.some((name) => env.has(name))) return undefined;
  const clusterIdentifier = env.optional('LOCUS_AWS_REDSHIFT_CLUSTER_ID', NAME, 'a cluster identifier');
  const workgroupName = env.optional('LOCUS_AWS_REDSHIFT_WORKGROUP', NAME, 'a workgroup name');
  const dbUser = env.optional('LOCUS_AWS_REDSHIFT_DB_USER', NAME, 'a database user name');
  const secretArn = env.optional('LOCUS_AWS_REDSHIFT_SECRET_ARN', ARN, 'a Secrets Manager ARN');
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

const readEc2 = (env: EnvReader): AwsEc2Config | undefined => {
  const instanceId = env.optional('LOCUS_AWS_INSTANCE_ID', INSTANCE_ID, 'an EC2 instance id (i-…)');
  if (instanceId === undefined) return undefined;
  return {
    instanceId,
    waitTimeoutMs: env.integer('LOCUS_AWS_EC2_TIMEOUT_MS', 10 * 60_000, 1_000, 3_600_000),
    pollIntervalMs: env.integer('LOCUS_AWS_EC2_POLL_MS', 5_000, 10, 60_000),
  };
};

const normalizePrefix = (prefix: string): string =>
  prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;

/**
 * Reads the `aws` profile's settings from `LOCUS_AWS_*` variables. Region, queue URL and buckets
 * are required; Redshift and EC2 settings are optional groups, checked whole once any is set.
 * Throws `LocusError('CONFIGURATION')` naming every missing or invalid variable.
 */
export const readAwsConfig = (env: NodeJS.ProcessEnv): AwsAdapterConfig => {
  const reader = new EnvReader(env);
  const regionVariable =
    reader.has('LOCUS_AWS_REGION') || !reader.has('AWS_REGION') ? 'LOCUS_AWS_REGION' : 'AWS_REGION';
  const region = reader.required(
    regionVariable,
    REGION,
    'an AWS region such as eu-west-1; AWS_REGION is used when unset',
  );
  const endpoint = reader.url('LOCUS_AWS_ENDPOINT', false);
  const queueUrl = reader.url('LOCUS_AWS_QUEUE_URL', true) ?? '';
  const deadLetterUrl = reader.url('LOCUS_AWS_DLQ_URL', false);
  const config: AwsAdapterConfig = {
    region,
    endpoint,
    maxAttempts: reader.integer('LOCUS_AWS_MAX_ATTEMPTS', 5, 1, 20),
    queue: {
      url: queueUrl,
      deadLetterUrl,
      waitTimeSeconds: reader.integer('LOCUS_AWS_SQS_WAIT_SECONDS', 20, 0, 20),
      receivers: reader.integer('LOCUS_AWS_SQS_RECEIVERS', 10, 1, 50),
      sendLingerMs: reader.integer('LOCUS_AWS_SQS_LINGER_MS', 2, 0, 1_000),
    },
    buckets: readBuckets(reader),
    keyPrefix: normalizePrefix(
      reader.optional('LOCUS_AWS_KEY_PREFIX', KEY_PREFIX, 'a key prefix of letters, digits, ._- and /') ?? '',
    ),
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

/** The Redshift settings, or a `CONFIGURATION` error naming the variables to set. */
export const requireRedshiftConfig = (config: AwsAdapterConfig): AwsRedshiftConfig => {
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

/** The EC2 settings, or a `CONFIGURATION` error naming the variable to set. */
export const requireEc2Config = (config: AwsAdapterConfig): AwsEc2Config => {
  if (config.ec2 === undefined) {
    throw new LocusError(
      'CONFIGURATION',
      'the server lifecycle is not configured: set LOCUS_AWS_INSTANCE_ID',
    );
  }
  return config.ec2;
};
