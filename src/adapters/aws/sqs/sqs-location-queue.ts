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
import { decodeMessageBody, encodeMessageBodies, SQS_MAX_MESSAGE_BYTES } from './sqs-message-body';
import { SqsReceiptDeleter } from './sqs-receipt-deleter';
import { SqsSendBatcher } from './sqs-send-batcher';

/** SQS's longest visibility timeout (12 hours), used to keep unreadable messages out of the way. */
const MAX_VISIBILITY_SECONDS = 43_200;
const MAX_PER_RECEIVE = 10;

/**
 * The location queue on an SQS standard queue. One request's records travel as one message (CSV
 * lines); concurrent enqueues share `SendMessageBatch` calls. A lease is a receive with the
 * visibility timeout set to the lease, several long-polling receives in parallel; acknowledging
 * deletes in batches of ten. Messages that cannot be decoded go to the dead-letter queue when one
 * is configured, else stay invisible for 12 hours and are counted as quarantined by this instance.
 */
@injectable()
export class SqsLocationQueue implements LocationQueue {
  private readonly settings: AwsQueueConfig;
  private readonly sender: SqsSendBatcher;
  private readonly deleter: SqsReceiptDeleter;
  /** Unreadable messages this instance holds invisible (no dead-letter queue), by message id. */
  private readonly heldBack = new Map<string, QuarantinedMessage>();
  private readonly deadLetters: SqsDeadLetters | undefined;

  constructor(
    @inject(AWS_TOKENS.SqsClient) private readonly client: SQSClient,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
  ) {
    this.settings = config.queue;
    this.sender = new SqsSendBatcher(client, this.settings.url, { lingerMs: this.settings.sendLingerMs });
    this.deleter = new SqsReceiptDeleter(client, this.settings.url);
    const { url, deadLetterUrl, waitTimeSeconds } = this.settings;
    this.deadLetters =
      deadLetterUrl === undefined
        ? undefined
        : new SqsDeadLetters(client, url, deadLetterUrl, waitTimeSeconds);
  }

  /** Sends the records as one message (several when they exceed 256 KiB); resolves once SQS took all. */
  async enqueue(records: readonly LocationRecord[]): Promise<void> {
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

  private async readOrSetAside(message: Message): Promise<LocationRecord[] | undefined> {
    try {
      return decodeMessageBody(message.Body ?? '');
    } catch (error) {
      await this.setAside(message, error instanceof Error ? error.message : String(error));
      return undefined;
    }
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
