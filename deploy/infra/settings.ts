import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/** The Redshift the report phase queries: created elsewhere, only referenced here. */
export type RedshiftTarget =
  | { readonly kind: 'cluster'; readonly clusterId: string; readonly dbUser?: string }
  | { readonly kind: 'workgroup'; readonly workgroupName: string; readonly workgroupId: string };

export interface RedshiftSettings {
  /** Absent when neither a cluster nor a workgroup is configured (the report phase cannot run). */
  readonly target?: RedshiftTarget;
  readonly database: string;
  /** Secrets Manager secret with the database credentials; without it IAM credentials are used. */
  readonly secretArn?: string;
  /** The Redshift external schema that maps the Glue database. */
  readonly externalSchema: string;
}

/** Where the Lambda and server code comes from. */
export type BundleMode = 'auto' | 'placeholder';

/** How devices' requests are taken: API Gateway + `parse_request`, or `locus serve` on Fargate behind a load balancer. */
export type IngestMode = 'lambda' | 'container';

/** The container ingest (`ingest: 'container'`). */
export interface ContainerIngestSettings {
  /** ACM certificate of the HTTPS listener; without it the stack takes a `CertificateArn` parameter. */
  readonly certificateArn?: string;
  /** Tasks at least (spread over two zones) and at most, as autoscaling decides. */
  readonly minTasks: number;
  readonly maxTasks: number;
  /** `LOCUS_AWS_SQS_LINGER_MS` of the tasks: how long a message waits for more records. */
  readonly lingerMs: number;
}

/** Everything the stack reads from CDK context (defaults in `deploy/cdk.json`). */
export interface LocusInfraSettings {
  readonly timeZone: string;
  readonly storeEveryMinutes: number;
  /** The store function's timeout; the queue's visibility timeout is longer. */
  readonly storeTimeoutMinutes: number;
  /** Local time (in `timeZone`) at which the daily server run starts. */
  readonly collectAt: { readonly hour: number; readonly minute: number };
  readonly workRetentionDays: number;
  readonly reportRetentionDays: number;
  readonly unloadRetentionDays: number;
  readonly logRetention: RetentionDays;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly ingest: IngestMode;
  readonly container: ContainerIngestSettings;
  readonly instanceType: string;
  readonly serverVolumeGiB: number;
  /** Pins the server's subnet to one zone (one that offers `instanceType`); the region's first by default. */
  readonly serverAvailabilityZone?: string;
  /** The server powers itself off when a run takes longer than this. */
  readonly serverMaxRunHours: number;
  readonly glueDatabaseName: string;
  readonly redshift: RedshiftSettings;
  readonly bundles: BundleMode;
  /** Overrides `deploy/dist` (also `LOCUS_BUNDLE_DIR`). */
  readonly bundleDir?: string;
  /** Refuse to synthesize a stack that cannot work (placeholder code, no Redshift target). */
  readonly strict: boolean;
}

/** Context problems, all at once. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid Locus context:${problems.map((p) => `\n  - ${p}`).join('')}`);
    this.name = 'SettingsError';
  }
}

type ContextValue = string | number | boolean | undefined;

const RETENTION_DAYS = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0),
);
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,126}$/;
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;
const CLUSTER_ID = /^[a-z][a-z0-9-]{0,62}$/;
const WORKGROUP_NAME = /^[a-z0-9-]{3,64}$/;
const WORKGROUP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const DB_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,126}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

/** Reads typed values from context, collecting every problem. */
class ContextReader {
  readonly problems: string[] = [];

  constructor(private readonly get: (key: string) => ContextValue) {}

  text(key: string, fallback: string, pattern?: RegExp): string {
    const raw = this.get(key);
    const value = raw === undefined ? fallback : String(raw).trim();
    if (pattern !== undefined && !pattern.test(value)) this.problems.push(`${key} "${value}" is not valid`);
    return value;
  }

  optionalText(key: string, pattern: RegExp): string | undefined {
    const raw = this.get(key);
    const value = raw === undefined ? '' : String(raw).trim();
    if (value === '') return undefined;
    if (!pattern.test(value)) this.problems.push(`${key} "${value}" is not valid`);
    return value;
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const raw = this.get(key);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${key} "${raw}" is not a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  flag(key: string): boolean {
    const raw = this.get(key);
    return raw === true || raw === 'true' || raw === '1';
  }
}

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const readCollectAt = (ctx: ContextReader): { hour: number; minute: number } => {
  const text = ctx.text('collectTime', '00:15');
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match === null) {
    ctx.problems.push(`collectTime "${text}" is not HH:MM`);
    return { hour: 0, minute: 15 };
  }
  return { hour: Number(match[1]), minute: Number(match[2]) };
};

const readRedshift = (ctx: ContextReader): RedshiftSettings => {
  const clusterId = ctx.optionalText('redshiftClusterId', CLUSTER_ID);
  const workgroupName = ctx.optionalText('redshiftWorkgroupName', WORKGROUP_NAME);
  const workgroupId = ctx.optionalText('redshiftWorkgroupId', WORKGROUP_ID);
  const dbUser = ctx.optionalText('redshiftDbUser', DB_NAME);
  const secretArn = ctx.optionalText('redshiftSecretArn', SECRET_ARN);
  let target: RedshiftTarget | undefined;
  if (clusterId !== undefined && workgroupName !== undefined) {
    ctx.problems.push('set redshiftClusterId or redshiftWorkgroupName, not both');
  } else if (clusterId !== undefined) {
    if (dbUser === undefined && secretArn === undefined) {
      ctx.problems.push('a Redshift cluster needs redshiftDbUser or redshiftSecretArn');
    }
    target = { kind: 'cluster', clusterId, ...(dbUser === undefined ? {} : { dbUser }) };
  } else if (workgroupName !== undefined) {
    if (workgroupId === undefined) {
      ctx.problems.push('redshiftWorkgroupName needs redshiftWorkgroupId (the workgroup ARN holds the id)');
    }
    target = { kind: 'workgroup', workgroupName, workgroupId: workgroupId ?? '' };
  }
  return {
    target,
    database: ctx.text('redshiftDatabase', 'dev', DB_NAME),
    secretArn,
    externalSchema: ctx.text('redshiftExternalSchema', 'locus', SQL_IDENTIFIER),
  };
};

const readContainer = (ctx: ContextReader): ContainerIngestSettings => {
  const minTasks = ctx.integer('ingestMinTasks', 2, 2, 100);
  const maxTasks = ctx.integer('ingestMaxTasks', 8, 2, 200);
  if (maxTasks < minTasks)
    ctx.problems.push(`ingestMaxTasks ${maxTasks} is below ingestMinTasks ${minTasks}`);
  return {
    certificateArn: ctx.optionalText('certificateArn', CERTIFICATE_ARN),
    minTasks,
    maxTasks,
    lingerMs: ctx.integer('ingestLingerMs', 1000, 1, 1000),
  };
};

/**
 * Reads and checks the stack's settings from context. Values given on the command line
 * (`-c key=value`) arrive as strings and are parsed like the `cdk.json` defaults.
 */
export const readSettings = (get: (key: string) => ContextValue): LocusInfraSettings => {
  const ctx = new ContextReader(get);
  const timeZone = ctx.text('timeZone', 'UTC');
  if (!isTimeZone(timeZone)) ctx.problems.push(`timeZone "${timeZone}" is not an IANA time zone`);
  const logRetentionDays = ctx.integer('logRetentionDays', 30, 1, 3653);
  if (!RETENTION_DAYS.has(logRetentionDays)) {
    ctx.problems.push(`logRetentionDays ${logRetentionDays} is not a CloudWatch Logs retention period`);
  }
  const bundles = ctx.text('bundles', 'auto');
  if (bundles !== 'auto' && bundles !== 'placeholder')
    ctx.problems.push(`bundles "${bundles}" is not auto|placeholder`);
  const ingest = ctx.text('ingest', 'lambda');
  if (ingest !== 'lambda' && ingest !== 'container')
    ctx.problems.push(`ingest "${ingest}" is not lambda|container`);
  const settings: LocusInfraSettings = {
    timeZone,
    storeEveryMinutes: ctx.integer('storeEveryMinutes', 5, 1, 60),
    storeTimeoutMinutes: ctx.integer('storeTimeoutMinutes', 10, 1, 15),
    collectAt: readCollectAt(ctx),
    workRetentionDays: ctx.integer('workRetentionDays', 30, 1, 3650),
    reportRetentionDays: ctx.integer('reportRetentionDays', 90, 1, 3650),
    unloadRetentionDays: ctx.integer('unloadRetentionDays', 1, 1, 3650),
    logRetention: logRetentionDays as RetentionDays,
    throttle: {
      rateLimit: ctx.integer('throttleRateLimit', 1000, 1, 100_000),
      burstLimit: ctx.integer('throttleBurstLimit', 2000, 1, 100_000),
    },
    ingest: ingest === 'container' ? 'container' : 'lambda',
    container: readContainer(ctx),
    instanceType: ctx.text('instanceType', 'm7g.large', INSTANCE_TYPE),
    serverVolumeGiB: ctx.integer('serverVolumeGiB', 30, 8, 16_384),
    serverAvailabilityZone: ctx.optionalText('serverAvailabilityZone', /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/),
    serverMaxRunHours: ctx.integer('serverMaxRunHours', 4, 1, 23),
    glueDatabaseName: ctx.text('glueDatabaseName', 'locus', GLUE_NAME),
    redshift: readRedshift(ctx),
    bundles: bundles === 'placeholder' ? 'placeholder' : 'auto',
    bundleDir: ctx.optionalText('bundleDir', /.+/),
    strict: ctx.flag('strict'),
  };
  if (settings.strict && settings.redshift.target === undefined) {
    ctx.problems.push('strict: set redshiftClusterId or redshiftWorkgroupName (+ redshiftWorkgroupId)');
  }
  if (settings.strict && settings.bundles === 'placeholder') {
    ctx.problems.push('strict: bundles=placeholder would deploy code that does nothing');
  }
  if (ctx.problems.length > 0) throw new SettingsError(ctx.problems);
  return settings;
};

/** Settings from a construct tree's context. */
export const settingsFromNode = (node: Node): LocusInfraSettings =>
  readSettings((key) => node.tryGetContext(key) as ContextValue);
