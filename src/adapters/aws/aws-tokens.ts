import type { EC2Client } from '@aws-sdk/client-ec2';
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { ServiceIdentifier } from 'inversify';
import type { AwsAdapterConfig } from '../../config/aws-config';

/** The `aws` profile's own injectables: its settings and one SDK client per service. */
export const AWS_TOKENS = {
  Config: Symbol.for('locus.aws.Config') as ServiceIdentifier<AwsAdapterConfig>,
  SqsClient: Symbol.for('locus.aws.SqsClient') as ServiceIdentifier<SQSClient>,
  S3Client: Symbol.for('locus.aws.S3Client') as ServiceIdentifier<S3Client>,
  RedshiftDataClient: Symbol.for('locus.aws.RedshiftDataClient') as ServiceIdentifier<RedshiftDataClient>,
  Ec2Client: Symbol.for('locus.aws.Ec2Client') as ServiceIdentifier<EC2Client>,
  SsmClient: Symbol.for('locus.aws.SsmClient') as ServiceIdentifier<SSMClient>,
  /** The SSM parameter path of the tokens (`/…/`, e.g. `/locus/prod/tokens/`). */
  SsmTokenPath: Symbol.for('locus.aws.SsmTokenPath') as ServiceIdentifier<string>,
} as const;
