import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from '../nag';

/** The key prefixes of the one Locus bucket (the object layout of DESIGN.md). */
export const PREFIX = {
  work: 'work/',
  archive: 'archive/work/',
  quarantine: 'quarantine/work/',
  storage: 'storage/',
  download: 'download/',
  journal: 'journal/',
  journalIndex: 'journal-index/',
  journalCache: 'journal-cache/',
  locks: 'locks/',
  unload: 'unload/',
  rejected: 'rejected/',
} as const;

export type Prefix = (typeof PREFIX)[keyof typeof PREFIX];

/** A key prefix inside one of the areas: an area itself, or a narrower prefix below it. */
export type KeyPrefix = Prefix | `${Prefix}${string}`;

export interface DataBucketProps {
  /** Processed batches (`archive/work/`) expire after this many days. */
  readonly workRetentionDays: number;
  /** Reports (`download/`) expire after this many days. */
  readonly reportRetentionDays: number;
  /** Query output (`unload/`) is scratch and expires after this many days. */
  readonly unloadRetentionDays: number;
  /** Server access logs are kept this many days. */
  readonly accessLogRetentionDays: number;
}

const privateBucket = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
} satisfies s3.BucketProps;

/**
 * The bucket that holds every area (work, archive, storage, download, journal, locks, unload): private,
 * encrypted, TLS only, with server access logs, and grants that name key prefixes, never the whole bucket.
 */
export class DataBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucket,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogRetentionDays) }],
    });
    acknowledge(
      this.accessLogs,
      'S1',
      'This bucket is the target of the data bucket server access logs; logging it into itself would loop.',
    );
    this.bucket = new s3.Bucket(this, 'Data', {
      ...privateBucket,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'data/',
      lifecycleRules: [
        {
          id: 'expire-processed-work',
          prefix: PREFIX.archive,
          expiration: Duration.days(props.workRetentionDays),
        },
        {
          id: 'expire-reports',
          prefix: PREFIX.download,
          expiration: Duration.days(props.reportRetentionDays),
        },
        {
          id: 'expire-unload-output',
          prefix: PREFIX.unload,
          expiration: Duration.days(props.unloadRetentionDays),
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }

  /** The ARN pattern of every object under a prefix. */
  objectsArn(prefix: KeyPrefix): string {
    return this.bucket.arnForObjects(`${prefix}*`);
  }

  /** Allows `actions` on the objects under `prefix` only. */
  grantObjects(role: iam.IRole, prefix: KeyPrefix, actions: string[]): void {
    const resource = this.objectsArn(prefix);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [resource] }));
    acknowledgeWildcardResource(
      role,
      resource,
      `Limited to the ${prefix} key prefix of the Locus bucket: keys below it are created at run time ` +
        '(one per batch, part, report, event or lock), so they cannot be named in advance.',
    );
  }

  /** Allows listing the bucket, but only under the given prefixes. */
  grantList(role: iam.IRole, prefixes: readonly KeyPrefix[]): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}*`) } },
      }),
    );
  }
}
