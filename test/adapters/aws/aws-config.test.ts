import { readAwsConfig } from '../../../src/config/aws-config';
import { isLocusError } from '../../../src/ports';

const BASE = {
  LOCUS_AWS_REGION: 'eu-west-1',
  LOCUS_AWS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/locus',
  LOCUS_AWS_BUCKET: 'locus-data',
};

/** The problems of the client settings and of every group (each group is read on its own). */
const problemsOf = (env: NodeJS.ProcessEnv): string => {
  const messages: string[] = [];
  const note = (read: () => unknown): void => {
    try {
      read();
    } catch (error) {
      if (!isLocusError(error, 'CONFIGURATION')) throw error;
      messages.push(error.message);
    }
  };
  note(() => readAwsConfig(env));
  const groups = readAwsConfig({ ...env, LOCUS_AWS_REGION: 'eu-west-1', LOCUS_AWS_KEY_PREFIX: '' });
  for (const read of [() => groups.queue, () => groups.buckets, () => groups.redshift, () => groups.ec2])
    note(read);
  if (messages.length === 0) throw new Error('expected a configuration error');
  return messages.join('\n');
};

describe('readAwsConfig', () => {
  it('reads one bucket for every area, with defaults for the rest', () => {
    expect(readAwsConfig(BASE)).toEqual({
      region: 'eu-west-1',
      endpoint: undefined,
      maxAttempts: 5,
      queue: {
        url: BASE.LOCUS_AWS_QUEUE_URL,
        deadLetterUrl: undefined,
        waitTimeSeconds: 20,
        receivers: 10,
        sendLingerMs: 2,
      },
      buckets: { work: 'locus-data', storage: 'locus-data', download: 'locus-data' },
      keyPrefix: '',
      lockSettleMs: 200,
      redshift: undefined,
      ec2: undefined,
    });
  });

  it('reads a bucket per area, a key prefix, an emulator endpoint, the dead-letter queue and the instance', () => {
    const config = readAwsConfig({
      LOCUS_AWS_REGION: 'ap-northeast-1',
      LOCUS_AWS_QUEUE_URL: 'http://127.0.0.1:4566/000000000000/q',
      LOCUS_AWS_DLQ_URL: 'http://127.0.0.1:4566/000000000000/q-dead',
      LOCUS_AWS_ENDPOINT: 'http://127.0.0.1:4566',
      LOCUS_AWS_WORK_BUCKET: 'locus-work',
      LOCUS_AWS_STORAGE_BUCKET: 'locus-storage',
      LOCUS_AWS_DOWNLOAD_BUCKET: 'locus-download',
      LOCUS_AWS_KEY_PREFIX: 'prod/locus',
      LOCUS_AWS_SQS_WAIT_SECONDS: '1',
      LOCUS_AWS_INSTANCE_ID: 'i-0123456789abcdef0',
    });
    expect(config.buckets).toEqual({
      work: 'locus-work',
      storage: 'locus-storage',
      download: 'locus-download',
    });
    expect(config.keyPrefix).toBe('prod/locus/');
    expect(config.endpoint).toBe('http://127.0.0.1:4566');
    expect(config.queue.deadLetterUrl).toBe('http://127.0.0.1:4566/000000000000/q-dead');
    expect(config.queue.waitTimeSeconds).toBe(1);
    expect(config.ec2).toEqual({
      instanceId: 'i-0123456789abcdef0',
      waitTimeoutMs: 600_000,
      pollIntervalMs: 5_000,
    });
  });

  it('lets an area bucket override the shared one, and falls back to AWS_REGION', () => {
    const config = readAwsConfig({
      AWS_REGION: 'us-east-2',
      LOCUS_AWS_QUEUE_URL: BASE.LOCUS_AWS_QUEUE_URL,
      LOCUS_AWS_BUCKET: 'locus-data',
      LOCUS_AWS_DOWNLOAD_BUCKET: 'locus-public',
    });
    expect(config.region).toBe('us-east-2');
    expect(config.buckets).toEqual({ work: 'locus-data', storage: 'locus-data', download: 'locus-public' });
  });

  it('reads a group only when an adapter asks for it: a queue alone needs no bucket', () => {
    const config = readAwsConfig({
      LOCUS_AWS_REGION: 'eu-west-1',
      LOCUS_AWS_QUEUE_URL: BASE.LOCUS_AWS_QUEUE_URL,
    });
    expect(config.queue.url).toBe(BASE.LOCUS_AWS_QUEUE_URL);
    expect(() => config.buckets).toThrow(
      /the S3 buckets are not configured:[\s\S]*LOCUS_AWS_WORK_BUCKET is missing/,
    );
  });

  it('names every missing setting of a group in one error', () => {
    const message = problemsOf({});
    for (const name of [
      'LOCUS_AWS_REGION',
      'LOCUS_AWS_QUEUE_URL',
      'LOCUS_AWS_WORK_BUCKET',
      'LOCUS_AWS_STORAGE_BUCKET',
      'LOCUS_AWS_DOWNLOAD_BUCKET',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('names every invalid setting with its value', () => {
    const message = problemsOf({
      ...BASE,
      LOCUS_AWS_REGION: 'Europe',
      LOCUS_AWS_QUEUE_URL: 'not a url',
      LOCUS_AWS_BUCKET: 'Bad_Bucket',
      LOCUS_AWS_KEY_PREFIX: "it's/",
      LOCUS_AWS_SQS_WAIT_SECONDS: '30',
      LOCUS_AWS_INSTANCE_ID: 'server-1',
    });
    expect(message).toContain('LOCUS_AWS_REGION "Europe"');
    expect(message).toContain('LOCUS_AWS_QUEUE_URL "not a url"');
    expect(message).toContain('LOCUS_AWS_BUCKET "Bad_Bucket"');
    expect(message).toContain('LOCUS_AWS_KEY_PREFIX');
    expect(message).toContain('LOCUS_AWS_SQS_WAIT_SECONDS "30" is not a whole number from 0 to 20');
    expect(message).toContain('LOCUS_AWS_INSTANCE_ID "server-1"');
  });

  it('reads a provisioned cluster with a database user, or a Serverless workgroup with a secret', () => {
    const role = 'arn:aws:iam::123456789012:role/locus-unload';
    const cluster = readAwsConfig({
      ...BASE,
      LOCUS_AWS_REDSHIFT_CLUSTER_ID: 'locus',
      LOCUS_AWS_REDSHIFT_DATABASE: 'dev',
      LOCUS_AWS_REDSHIFT_DB_USER: 'report',
      LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN: role,
    });
    expect(cluster.redshift).toMatchObject({
      clusterIdentifier: 'locus',
      workgroupName: undefined,
      database: 'dev',
      dbUser: 'report',
      unloadRoleArn: role,
      schema: 'locus',
    });
    const secret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:locus-AbCdEf';
    const serverless = readAwsConfig({
      ...BASE,
      LOCUS_AWS_REDSHIFT_WORKGROUP: 'locus-wg',
      LOCUS_AWS_REDSHIFT_DATABASE: 'dev',
      LOCUS_AWS_REDSHIFT_SECRET_ARN: secret,
      LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN: role,
      LOCUS_AWS_REDSHIFT_SCHEMA: 'spectrum',
    });
    expect(serverless.redshift).toMatchObject({
      workgroupName: 'locus-wg',
      secretArn: secret,
      schema: 'spectrum',
    });
  });

  it('names what an incomplete Redshift setting lacks', () => {
    expect(problemsOf({ ...BASE, LOCUS_AWS_REDSHIFT_CLUSTER_ID: 'locus' })).toEqual(
      expect.stringMatching(
        /LOCUS_AWS_REDSHIFT_DB_USER or LOCUS_AWS_REDSHIFT_SECRET_ARN[\s\S]*LOCUS_AWS_REDSHIFT_DATABASE is missing[\s\S]*LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN is missing/,
      ),
    );
    expect(
      problemsOf({
        ...BASE,
        LOCUS_AWS_REDSHIFT_CLUSTER_ID: 'locus',
        LOCUS_AWS_REDSHIFT_WORKGROUP: 'locus-wg',
        LOCUS_AWS_REDSHIFT_DATABASE: 'dev',
        LOCUS_AWS_REDSHIFT_DB_USER: 'report',
        LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN: 'arn:aws:iam::123456789012:role/x',
      }),
    ).toContain('exactly one of LOCUS_AWS_REDSHIFT_CLUSTER_ID');
  });
});
