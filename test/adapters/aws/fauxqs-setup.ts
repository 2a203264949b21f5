import './quiet-sdk';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { AwsAdapterConfig } from '../../../src/config/aws-config';
import { type FauxqsProcess, startFauxqs } from '../../support/fauxqs';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
let counter = 0;

/** A name no other fixture of this process uses (queues, buckets, key prefixes). */
export const uniqueName = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

/** The profile's configuration pointed at fauxqs, with short waits for tests. */
export const fauxqsConfig = (
  fauxqs: FauxqsProcess,
  overrides: Partial<AwsAdapterConfig> = {},
): AwsAdapterConfig => ({
  region: fauxqs.region,
  endpoint: fauxqs.endpoint,
  maxAttempts: 2,
  queue: { url: 'unset', waitTimeSeconds: 0, receivers: 4, sendLingerMs: 2 },
  buckets: { work: 'unset', storage: 'unset', download: 'unset' },
  keyPrefix: '',
  lockSettleMs: 30,
  ...overrides,
});

/**
 * One fauxqs per test file (started in `beforeAll`, stopped in `afterAll`), with SDK clients
 * that talk to it over HTTP, and helpers that make a fresh queue or bucket per test.
 */
export const useFauxqs = () => {
  const state = {} as { fauxqs: FauxqsProcess; sqs: SQSClient; s3: S3Client };
  beforeAll(async () => {
    state.fauxqs = await startFauxqs();
    const common = { region: state.fauxqs.region, endpoint: state.fauxqs.endpoint, credentials: CREDENTIALS };
    state.sqs = new SQSClient(common);
    state.s3 = new S3Client({ ...common, forcePathStyle: true });
  }, 30_000);
  afterAll(async () => {
    state.sqs?.destroy();
    state.s3?.destroy();
    await state.fauxqs?.stop();
  });
  return {
    get fauxqs(): FauxqsProcess {
      return state.fauxqs;
    },
    get sqs(): SQSClient {
      return state.sqs;
    },
    get s3(): S3Client {
      return state.s3;
    },
    config: (overrides: Partial<AwsAdapterConfig> = {}) => fauxqsConfig(state.fauxqs, overrides),
    async newQueue(): Promise<{ url: string; remove(): Promise<void> }> {
      const created = await state.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('locus') }));
      const url = created.QueueUrl as string;
      return {
        url,
        remove: async () => void (await state.sqs.send(new DeleteQueueCommand({ QueueUrl: url }))),
      };
    },
    /** Makes SQS move a message of `queueUrl` to `deadLetterUrl` once received `maxReceiveCount` times. */
    async redrivePolicy(queueUrl: string, deadLetterUrl: string, maxReceiveCount: number): Promise<void> {
      const { Attributes } = await state.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }),
      );
      const policy = { deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount };
      await state.sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: queueUrl,
          Attributes: { RedrivePolicy: JSON.stringify(policy) },
        }),
      );
    },
    async newBucket(): Promise<string> {
      const bucket = uniqueName('locus');
      await state.s3.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
  };
};
