import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface IngestQueueProps {
  /** The store function's timeout: a leased message must stay invisible for longer. */
  readonly storeTimeout: Duration;
  /** Receives after which a message is moved to the dead-letter queue. */
  readonly maxReceiveCount?: number;
}

/** How much longer than a store run a leased message stays invisible. */
export const VISIBILITY_MARGIN = Duration.minutes(5);

/**
 * The standard queue between receive and store, SQS-managed encryption, TLS only, 14 days of
 * retention (a broken store phase loses nothing for two weeks), and a dead-letter queue for messages
 * that keep failing.
 */
export class IngestQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: IngestQueueProps) {
    super(scope, id);
    const common = {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    } satisfies sqs.QueueProps;
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', common);
    this.queue = new sqs.Queue(this, 'Queue', {
      ...common,
      visibilityTimeout: props.storeTimeout.plus(VISIBILITY_MARGIN),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }
}
