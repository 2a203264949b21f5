import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig, AwsQueueConfig } from '../../../config/aws-config';
import { type LocationRecord, previewUnreadable } from '../../../domain';
import type {
  LeasedMessage,
  LocationQueue,
  QuarantinedMessage,
  QueueDepth,
  RedriveOutcome,
} from '../../../ports';
import { translateAwsError } from '../aws-errors';
import { AWS_TOKENS } from '../aws-tokens';
import { SqsDeadLetters } from './sqs-dead-letters';
import { encodeMessageBodies, readMessageBody, SQS_MAX_MESSAGE_BYTES } from './sqs-message-body';
import { SqsPoisonLines } from './sqs-poison-lines';
import { SqsReceiptDeleter } from './sqs-receipt-deleter';
import { SqsRecordPacker } from './sqs-record-packer';
import { SqsSendBatcher } from './sqs-send-batcher';

/** SQS's longest visibility timeout (12 hours), used to keep unreadable messages out of the way. */
const MAX_VISIBILITY_SECONDS = 43_200;
const MAX_PER_RECEIVE = 10;

/**
 * The location queue on an SQS standard queue. Records travel as CSV lines, one per line. With a
 * linger (`sendLingerMs` > 0) the records of the requests of that time are packed into one message
 * (up to 256 KiB); without, one request's records make one message, and the enqueues of one turn
 * of the event loop share a `SendMessageBatch` call. A lease is a receive with the
 * visibility timeout set to the lease, several long-polling receives in parallel; acknowledging
 * deletes in batches of ten. A message is read line by line: lines that are not records are set
 * aside on their own and the rest handed out (see {@link SqsPoisonLines}). Messages with no
 * record at all go to the dead-letter queue when one is configured, else stay invisible for 12
 * hours and are counted as quarantined by this instance.
 */
@injectable()
export class SqsLocationQueue implements LocationQueue {
  private readonly settings: AwsQueueConfig;
  private readonly sender: SqsSendBatcher;
  private readonly deleter: SqsReceiptDeleter;
  /** Unreadable messages this instance holds invisible (no dead-letter queue), by message id. */
  private readonly heldBack = new Map<string, QuarantinedMessage>();
  private readonly deadLetters: SqsDeadLetters | undefined;
  private readonly packer: SqsRecordPacker | undefined;
  private readonly poisonLines: SqsPoisonLines;

  constructor(
    @inject(AWS_TOKENS.SqsClient) private readonly client: SQSClient,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
  ) {
    this.settings = config.queue;
    const lingerMs = this.settings.sendLingerMs;
    // Packed messages have waited their linger already: the batcher sends them at once.
    this.sender = new SqsSendBatcher(client, this.settings.url, { lingerMs: 0 });
    this.packer =
      lingerMs > 0 ? new SqsRecordPacker((body) => this.sender.send(body), { lingerMs }) : undefined;
    this.deleter = new SqsReceiptDeleter(client, this.settings.url);
    const { url, deadLetterUrl, waitTimeSeconds } = this.settings;
    this.deadLetters =
      deadLetterUrl === undefined
        ? undefined
        : new SqsDeadLetters(client, url, deadLetterUrl, waitTimeSeconds);
    this.poisonLines = new SqsPoisonLines(client, this.settings);
  }

  /** Sends the records (packed with others', or as their own message); resolves once SQS has them all. */
  async enqueue(records: readonly LocationRecord[]): Promise<void> {
    if (this.packer !== undefined) return this.packer.add(records);
    const bodies = encodeMessageBodies(records, SQS_MAX_MESSAGE_BYTES);
    await Promise.all(bodies.map((body) => this.sender.send(body)));
  }

  /** Receives up to `maxMessages` with parallel long-polling receives; stops at the first empty round. */
  async lease(maxMessages: number, leaseMs: number): Promise<readonly LeasedMessage[]> {
    const visibility = Math.min(MAX_VISIBILITY_SECONDS, Math.max(1, Math.ceil(leaseMs / 1000)));
    const leased: LeasedMessage[] = [];
    let waitSeconds = this.settings.waitTimeSeconds;
    while (leased.length < maxMessages) {
      let messages: Message[];
      try {
        messages = await this.receiveRound(maxMessages - leased.length, visibility, waitSeconds);
      } catch (error) {
        // What is already leased is handed out; the failure shows again on the next lease.
        if (leased.length > 0) break;
        throw error;
      }
      if (messages.length === 0) break;
      for (const message of messages) {
        const records = await this.readOrSetAside(message);
        if (records !== undefined) leased.push({ receipt: message.ReceiptHandle as string, records });
      }
      // Later rounds only top the lease up: they do not hold it for a full long poll.
      waitSeconds = Math.min(waitSeconds, 1);
    }
    return leased;
  }

  /** Deletes the messages; receipts SQS does not know (or no longer knows) are ignored. */
  async acknowledge(receipts: readonly string[]): Promise<void> {
    await this.deleter.delete(receipts);
  }

  async depth(): Promise<QueueDepth> {
    const main = await this.counts(this.settings.url);
    if (this.settings.deadLetterUrl !== undefined) {
      const dead = await this.counts(this.settings.deadLetterUrl);
      return { ready: main.ready, leased: main.leased, quarantined: dead.ready + dead.leased };
    }
    const held = this.heldBack.size;
    return { ready: main.ready, leased: Math.max(0, main.leased - held), quarantined: held };
  }

  /** The dead-letter queue's messages, or without one those this instance holds invisible. */
  async quarantine(): Promise<readonly QuarantinedMessage[]> {
    return this.deadLetters === undefined ? [...this.heldBack.values()] : this.deadLetters.list();
  }

  /** Sends readable dead letters back to the queue; messages held invisible cannot be read, so stay. */
  async redrive(ids?: readonly string[]): Promise<RedriveOutcome> {
    if (this.deadLetters !== undefined) return this.deadLetters.redrive(ids);
    const held = [...this.heldBack.values()];
    return {
      redriven: [],
      records: 0,
      unreadable: held.filter((message) => ids === undefined || ids.includes(message.id)),
      notFound: (ids ?? []).filter((id) => !this.heldBack.has(id)),
    };
  }

  private async receiveRound(wanted: number, visibility: number, waitSeconds: number): Promise<Message[]> {
    const calls = Math.min(this.settings.receivers, Math.ceil(wanted / MAX_PER_RECEIVE));
    const sizes = Array.from({ length: calls }, (_, i) =>
      Math.min(MAX_PER_RECEIVE, wanted - i * MAX_PER_RECEIVE),
    );
    const results = await Promise.allSettled(
      sizes.map((size) =>
        this.client.send(
          new ReceiveMessageCommand({
            QueueUrl: this.settings.url,
            MaxNumberOfMessages: size,
            WaitTimeSeconds: waitSeconds,
            VisibilityTimeout: visibility,
          }),
        ),
      ),
    );
    const messages: Message[] = [];
    let failure: unknown;
    for (const result of results) {
      if (result.status === 'fulfilled') messages.push(...(result.value.Messages ?? []));
      else failure = result.reason;
    }
    // Messages already received are handed out even if a sibling receive failed.
    if (messages.length === 0 && failure !== undefined) {
      throw translateAwsError(failure, 'QUEUE_UNAVAILABLE', 'receiving from SQS');
    }
    return messages;
  }

  /** The message's records; `undefined` when it holds none, or its poison lines could not be set aside now. */
  private async readOrSetAside(message: Message): Promise<LocationRecord[] | undefined> {
    const { records, poison } = readMessageBody(message.Body ?? '');
    if (records.length === 0) {
      await this.setAside(message, poison[0]?.reason ?? 'the message holds no record');
      return undefined;
    }
    if (poison.length > 0 && !(await this.poisonLines.setAside(message, poison))) return undefined;
    return records;
  }

  /** Moves an unreadable message to the dead-letter queue, or keeps it invisible and counts it. */
  private async setAside(message: Message, reason: string): Promise<void> {
    const receipt = message.ReceiptHandle as string;
    try {
      if (this.settings.deadLetterUrl !== undefined) {
        await this.client.send(
          new SendMessageCommand({
            QueueUrl: this.settings.deadLetterUrl,
            MessageBody: message.Body === undefined || message.Body === '' ? '(empty)' : message.Body,
            MessageAttributes: {
              reason: { DataType: 'String', StringValue: reason.slice(0, 1000) },
              sourceMessageId: { DataType: 'String', StringValue: message.MessageId ?? 'unknown' },
            },
          }),
        );
        await this.client.send(
          new DeleteMessageCommand({ QueueUrl: this.settings.url, ReceiptHandle: receipt }),
        );
        return;
      }
      const id = message.MessageId ?? receipt;
      const preview = previewUnreadable(message.Body ?? '');
      this.heldBack.set(id, { id, reason, quarantinedAt: Date.now(), records: null, preview });
      await this.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.settings.url,
          ReceiptHandle: receipt,
          VisibilityTimeout: MAX_VISIBILITY_SECONDS,
        }),
      );
    } catch {
      // Not set aside this time: the message stays invisible for the lease and is tried again later.
    }
  }

  private async counts(queueUrl: string): Promise<{ ready: number; leased: number }> {
    try {
      const result = await this.client.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      const attributes = result.Attributes ?? {};
      return {
        ready: Number(attributes.ApproximateNumberOfMessages ?? 0),
        leased: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    } catch (error) {
      throw translateAwsError(error, 'QUEUE_UNAVAILABLE', 'reading the SQS queue attributes');
    }
  }
}
