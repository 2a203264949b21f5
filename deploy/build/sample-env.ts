/**
 * Variables that let every bundle build and resolve its container without any AWS account: the
 * `aws` profile pointed at an endpoint nothing listens on (no call is made while resolving),
 * static credentials, no instance metadata lookups.
 */
export const sampleAwsEnv = (dataDir: string): Record<string, string> => ({
  LOCUS_PROFILE: 'aws',
  LOCUS_TIMEZONE: 'Asia/Tokyo',
  LOCUS_DATA_DIR: dataDir,
  LOCUS_AWS_REGION: 'us-east-1',
  LOCUS_AWS_ENDPOINT: 'http://127.0.0.1:9',
  LOCUS_AWS_QUEUE_URL: 'http://127.0.0.1:9/000000000000/locus-ingest',
  LOCUS_AWS_DLQ_URL: 'http://127.0.0.1:9/000000000000/locus-dead-letters',
  LOCUS_AWS_BUCKET: 'locus-data',
  LOCUS_AWS_INSTANCE_ID: 'i-0123456789abcdef0',
  LOCUS_AWS_STOP_FUNCTION: 'Locus-stop-collect-server',
  LOCUS_AWS_REDSHIFT_WORKGROUP: 'locus',
  LOCUS_AWS_REDSHIFT_DATABASE: 'dev',
  LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN: 'arn:aws:iam::123456789012:role/locus-unload',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'example-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_METRICS_DISABLED: 'true',
});
