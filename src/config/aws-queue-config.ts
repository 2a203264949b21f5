import type { AwsEnvReader } from './aws-env-reader';

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

/** The queue's URLs (`LOCUS_AWS_QUEUE_URL` is required, `LOCUS_AWS_DLQ_URL` optional). */
export const readQueueUrls = (env: AwsEnvReader): Pick<AwsQueueConfig, 'url' | 'deadLetterUrl'> => {
  const url = env.url('LOCUS_AWS_QUEUE_URL', true) ?? '';
  const deadLetterUrl = env.url('LOCUS_AWS_DLQ_URL', false);
  return { url, deadLetterUrl };
};

/** The queue settings: its URLs (read first with {@link readQueueUrls}) and the `LOCUS_AWS_SQS_*` tuning. */
export const readQueue = (
  env: AwsEnvReader,
  urls: Pick<AwsQueueConfig, 'url' | 'deadLetterUrl'>,
): AwsQueueConfig => ({
  url: urls.url,
  deadLetterUrl: urls.deadLetterUrl,
  waitTimeSeconds: env.integer('LOCUS_AWS_SQS_WAIT_SECONDS', 20, 0, 20),
  receivers: env.integer('LOCUS_AWS_SQS_RECEIVERS', 10, 1, 50),
  sendLingerMs: env.integer('LOCUS_AWS_SQS_LINGER_MS', 2, 0, 1_000),
});
