import type { FauxqsProcess } from '../../../test/support/fauxqs';

/** The SDK's default credential chain takes these; nothing looks for instance metadata. */
export const useStaticAwsCredentials = (): void => {
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
};

/** `LOCUS_*` variables of the aws profile against fauxqs, with waits shortened for tests. */
export const fauxqsEnv = (
  fauxqs: FauxqsProcess,
  resources: { queueUrl: string; bucket: string },
  extra: Record<string, string> = {},
): Record<string, string> => ({
  LOCUS_PROFILE: 'aws',
  LOCUS_AWS_REGION: fauxqs.region,
  LOCUS_AWS_ENDPOINT: fauxqs.endpoint,
  LOCUS_AWS_QUEUE_URL: resources.queueUrl,
  LOCUS_AWS_BUCKET: resources.bucket,
  LOCUS_AWS_MAX_ATTEMPTS: '2',
  LOCUS_AWS_SQS_WAIT_SECONDS: '0',
  LOCUS_AWS_LOCK_SETTLE_MS: '20',
  ...extra,
});
