import { type Message, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AwsQueueConfig } from '../../../config/aws-config';
import type { PoisonLine } from './sqs-message-body';

/**
 * Takes the lines that are not records out of a message that also holds records, so that the
 * records can be handed out and the lines kept: the lines become a message of their own, on the
 * dead-letter queue with the reason, or, without one, back on the queue, where it is unreadable
 * as a whole and set aside like any such message.
 */
export class SqsPoisonLines {
  constructor(
    private readonly client: SQSClient,
    private readonly settings: AwsQueueConfig,
  ) {}

  /** Resolves `true` once SQS has the lines, `false` when it could not take them now. */
  async setAside(message: Message, poison: readonly PoisonLine[]): Promise<boolean> {
    const reason = poison.map((p) => p.reason).join('; ');
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.settings.deadLetterUrl ?? this.settings.url,
          MessageBody: poison.map((p) => `${p.line}\n`).join(''),
          MessageAttributes: {
            reason: { DataType: 'String', StringValue: reason.slice(0, 1000) },
            sourceMessageId: { DataType: 'String', StringValue: message.MessageId ?? 'unknown' },
            poisonLines: { DataType: 'Number', StringValue: String(poison.length) },
          },
        }),
      );
      return true;
    } catch {
      return false;
    }
  }
}
