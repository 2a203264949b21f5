import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { previewRecords, previewUnreadable } from '../../../domain';
import type { QuarantinedMessage, RedriveOutcome } from '../../../ports';
import { translateAwsError } from '../aws-errors';
import { chunksOf, mapWithConcurrency } from '../concurrency';
import { readMessageBody } from './sqs-message-body';
import { SqsReceiptDeleter } from './sqs-receipt-deleter';

/** How long a listed message stays hidden while the listing goes on (it is released at the end). */
const HOLD_SECONDS = 60;
/** The most dead letters one listing or redrive looks at. */
const MAX_MESSAGES = 10_000;
const SENDS_IN_FLIGHT = 8;

const REDRIVE_POLICY_REASON = 'moved by the queue’s redrive policy: received too often without being deleted';

interface DeadLetter {
  readonly message: QuarantinedMessage;
  readonly body: string;
  readonly receipt: string;
}

const describe = (message: Message): DeadLetter => {
  const body = message.Body ?? '';
  let records: number | null = null;
  let preview: string;
  const { records: decoded, poison } = readMessageBody(body);
  if (poison.length === 0) {
    records = decoded.length;
    preview = previewRecords(decoded);
  } else {
    preview = previewUnreadable(body);
  }
  const attributes = message.Attributes ?? {};
  return {
    body,
    receipt: message.ReceiptHandle as string,
    message: {
      id: message.MessageId as string,
      reason: message.MessageAttributes?.reason?.StringValue ?? REDRIVE_POLICY_REASON,
      quarantinedAt: Number(attributes.SentTimestamp ?? 0),
      records,
      preview,
    },
  };
};

/**
 * The dead-letter queue read by receiving: a listing receives every message (hidden for a
 * minute), then makes them visible again; a redrive sends each readable one back to the main
 * queue and only then deletes it from the dead-letter queue (a crash in between leaves a copy in
 * both: a duplicate, never a loss). Receive-and-send works on every SQS, emulators included,
 * where `StartMessageMoveTask` may be missing, and lets a redrive pick messages by id.
 */
export class SqsDeadLetters {
  private readonly deleter: SqsReceiptDeleter;

  constructor(
    private readonly client: SQSClient,
    private readonly mainUrl: string,
    private readonly deadLetterUrl: string,
    private readonly waitTimeSeconds: number,
  ) {
    this.deleter = new SqsReceiptDeleter(client, deadLetterUrl);
  }

  /** Every dead letter (up to 10,000), oldest first. */
  async list(): Promise<QuarantinedMessage[]> {
    const letters = await this.receiveAll();
    await this.release(letters);
    return letters.map((letter) => letter.message).sort((a, b) => a.quarantinedAt - b.quarantinedAt);
  }

  /** Sends readable dead letters (those of `ids`, else all) back to the main queue; the rest stay. */
  async redrive(ids: readonly string[] | undefined): Promise<RedriveOutcome> {
    const letters = await this.receiveAll();
    const wanted = ids === undefined ? undefined : new Set(ids);
    const chosen = letters.filter((letter) => wanted === undefined || wanted.has(letter.message.id));
    const movable = chosen.filter((letter) => letter.message.records !== null);
    const left = letters.filter((letter) => !movable.includes(letter));
    try {
      await mapWithConcurrency(movable, SENDS_IN_FLIGHT, (letter) =>
        this.client.send(new SendMessageCommand({ QueueUrl: this.mainUrl, MessageBody: letter.body })),
      );
    } catch (error) {
      await this.release(letters);
      throw translateAwsError(error, 'QUEUE_UNAVAILABLE', 'sending dead letters back to the queue');
    }
    await this.deleter.delete(movable.map((letter) => letter.receipt));
    await this.release(left);
    const found = new Set(letters.map((letter) => letter.message.id));
    return {
      redriven: movable.map((letter) => letter.message.id),
      records: movable.reduce((sum, letter) => sum + (letter.message.records ?? 0), 0),
      unreadable: chosen.filter((letter) => letter.message.records === null).map((letter) => letter.message),
      notFound: (ids ?? []).filter((id) => !found.has(id)),
    };
  }

  private async receiveAll(): Promise<DeadLetter[]> {
    const seen = new Map<string, DeadLetter>();
    try {
      while (seen.size < MAX_MESSAGES) {
        const result = await this.client.send(
          new ReceiveMessageCommand({
            QueueUrl: this.deadLetterUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: Math.min(this.waitTimeSeconds, 1),
            VisibilityTimeout: HOLD_SECONDS,
            MessageSystemAttributeNames: ['SentTimestamp'],
            MessageAttributeNames: ['All'],
          }),
        );
        const messages = result.Messages ?? [];
        if (messages.length === 0) break;
        for (const message of messages) seen.set(message.MessageId as string, describe(message));
      }
    } catch (error) {
      await this.release([...seen.values()]);
      throw translateAwsError(error, 'QUEUE_UNAVAILABLE', 'receiving from the SQS dead-letter queue');
    }
    return [...seen.values()];
  }

  /** Makes received dead letters visible again at once (best effort: else they return in a minute). */
  private async release(letters: readonly DeadLetter[]): Promise<void> {
    for (const group of chunksOf(letters, 10)) {
      await this.client
        .send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: this.deadLetterUrl,
            Entries: group.map((letter, index) => ({
              Id: String(index),
              ReceiptHandle: letter.receipt,
              VisibilityTimeout: 0,
            })),
          }),
        )
        .catch(() => undefined);
    }
  }
}
