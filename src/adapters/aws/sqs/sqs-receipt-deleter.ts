import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { LocusError } from '../../../ports/errors';
import { isTransient } from '../aws-errors';
import { jitteredDelay, sleep } from '../backoff';
import { chunksOf, mapWithConcurrency } from '../concurrency';

export interface ReceiptDeleterOptions {
  readonly maxAttempts?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** `DeleteMessageBatch` calls in flight at once. */
  readonly concurrency?: number;
}

/**
 * Deletes messages by receipt with `DeleteMessageBatch` (ten per call). Entries SQS failed for
 * its own reasons are retried with jittered backoff; entries it refuses as the caller's fault (an
 * unknown or expired receipt) are ignored, as the port asks.
 */
export class SqsReceiptDeleter {
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly concurrency: number;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    options: ReceiptDeleterOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 50;
    this.retryMaxMs = options.retryMaxMs ?? 2_000;
    this.concurrency = options.concurrency ?? 16;
  }

  async delete(receipts: readonly string[]): Promise<void> {
    const unique = [...new Set(receipts)];
    await mapWithConcurrency(chunksOf(unique, 10), this.concurrency, (group) => this.deleteGroup(group));
  }

  private async deleteGroup(group: readonly string[]): Promise<void> {
    let left = group;
    for (let attempt = 1; ; attempt++) {
      let lastError: unknown;
      try {
        const result = await this.client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: left.map((receipt, index) => ({ Id: String(index), ReceiptHandle: receipt })),
          }),
        );
        const retry = (result.Failed ?? []).filter((failure) => failure.SenderFault !== true);
        if (retry.length === 0) return;
        lastError = new Error(retry.map((failure) => `${failure.Code}: ${failure.Message ?? ''}`).join('; '));
        left = retry.map((failure) => left[Number(failure.Id)] as string);
      } catch (error) {
        if (!isTransient(error)) throw this.failure(left.length, attempt, error, false);
        lastError = error;
      }
      if (attempt >= this.maxAttempts) throw this.failure(left.length, attempt, lastError, true);
      await sleep(jitteredDelay(attempt, this.retryBaseMs, this.retryMaxMs));
    }
  }

  private failure(count: number, attempts: number, cause: unknown, retryable: boolean): LocusError {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    return new LocusError(
      'QUEUE_UNAVAILABLE',
      `SQS did not delete ${count} message(s) after ${attempts} attempt(s) (${detail})`,
      { cause, retryable },
    );
  }
}
