import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_CORE_SETTINGS } from '../../../src/application/settings';

export interface IngestQueueProps {
  /** The store function's timeout: a leased message must stay invisible for longer. */
  readonly storeTimeout: Duration;
  /** How often the store schedule runs (minutes). */
  readonly storeEveryMinutes: number;
  /** Receives after which SQS moves a message to the dead-letter queue (default: {@link deadLetterAfter}). */
  readonly maxReceiveCount?: number;
}

/** How much longer than a store run a leased message stays invisible. */
export const VISIBILITY_MARGIN = Duration.minutes(5);
/** How long both queues keep a message (SQS's longest; a dead letter keeps its first enqueue time). */
export const QUEUE_RETENTION = Duration.days(14);
/** SQS refuses a redrive policy with a higher `maxReceiveCount`. */
export const SQS_MAX_RECEIVE_COUNT = 1000;
/** Receives beside the schedule's: a daily run's store each day, runs by hand, SQS's own repeats. */
const SPARE_RECEIVES = 10;

/**
 * The `maxReceiveCount` at which ordinary store failures cannot move a valid message to the
 * dead-letter queue while the queue keeps it. A store run that fails after leasing leaves each
 * message invisible for its lease (the receive's visibility timeout, `store.leaseMs`: 15 min), so
 * a message is received at most once per max(lease, schedule interval), whoever receives it: over
 * the 14 days of retention that is 14 × 24 × 60 / 15 = 1,344 receives, plus one a day for the
 * daily run and a few spare. SQS allows at most 1,000: with the defaults, a message reaches the
 * dead-letter queue only after 1,000 × 15 min ≈ 10.4 days of every store run failing (a schedule
 * of 21 minutes or more keeps it out for the whole retention). Even then it is not lost: the
 * dead-letter queue keeps it until 14 days after it was first sent, its depth raises an alarm and
 * `locus quarantine redrive` brings it back. Locus moves unreadable bodies there itself, at once.
 */
export const deadLetterAfter = (
  storeEveryMinutes: number,
  leaseMs = DEFAULT_CORE_SETTINGS.store.leaseMs,
): number => {
  const interval = Math.max(leaseMs / 60_000, storeEveryMinutes);
  const scheduled = Math.ceil(QUEUE_RETENTION.toMinutes() / interval);
  return Math.min(SQS_MAX_RECEIVE_COUNT, scheduled + QUEUE_RETENTION.toDays() + SPARE_RECEIVES);
};

/**
 * The standard queue between receive and store, SQS-managed encryption, TLS only, 14 days of
 * retention (a broken store phase loses nothing for two weeks), a dead-letter queue for messages
 * Locus cannot read (and, after {@link deadLetterAfter} receives, any message), and an alarm as
 * soon as the dead-letter queue holds anything.
 */
export class IngestQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: IngestQueueProps) {
    super(scope, id);
    const common = {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: QUEUE_RETENTION,
    } satisfies sqs.QueueProps;
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', common);
    this.queue = new sqs.Queue(this, 'Queue', {
      ...common,
      visibilityTimeout: props.storeTimeout.plus(VISIBILITY_MARGIN),
      deadLetterQueue: {
        queue: this.deadLetters,
        maxReceiveCount: props.maxReceiveCount ?? deadLetterAfter(props.storeEveryMinutes),
      },
    });
    this.deadLetterAlarm = this.deadLetters
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, 'DeadLettersAlarm', {
        alarmDescription:
          'Accepted locations are quarantined in the dead-letter queue and reach no report: ' +
          'see them with `locus quarantine list`, bring them back with `locus quarantine redrive`',
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
  }
}
