import { type BatchResultErrorEntry, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { LocusError } from '../../../ports/errors';
import { isTransient, translateAwsError } from '../aws-errors';
import { jitteredDelay, sleep } from '../backoff';
import { SQS_MAX_MESSAGE_BYTES } from './sqs-message-body';

export interface SendBatcherOptions {
  /**
   * How long the first message of a batch waits for others (ms); 0: no wait, the batch takes only
   * the messages sent in the same turn of the event loop (a function that serves one request at a time).
   */
  readonly lingerMs: number;
  /** Entries per `SendMessageBatch` call (SQS allows 10). */
  readonly maxEntries?: number;
  /** Bytes of all bodies of one call (SQS allows 256 KiB). */
  readonly maxBatchBytes?: number;
  /** Tries per message before its enqueue fails. */
  readonly maxAttempts?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

interface Entry {
  readonly body: string;
  readonly bytes: number;
  attempts: number;
  readonly resolve: () => void;
  readonly reject: (error: LocusError) => void;
}

/**
 * Groups messages sent at about the same time into `SendMessageBatch` calls (at most 10 entries
 * and 256 KiB each). A message's promise resolves only when SQS reports it taken; entries SQS
 * failed are sent again (bounded, with jittered backoff) and reject only when they finally fail.
 */
export class SqsSendBatcher {
  private pending: Entry[] = [];
  private pendingBytes = 0;
  /** Cancels the flush that is scheduled, if one is. */
  private cancelFlush: (() => void) | undefined;
  private readonly maxEntries: number;
  private readonly maxBatchBytes: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly options: SendBatcherOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 10;
    this.maxBatchBytes = options.maxBatchBytes ?? SQS_MAX_MESSAGE_BYTES;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.retryBaseMs = options.retryBaseMs ?? 50;
    this.retryMaxMs = options.retryMaxMs ?? 2_000;
  }

  /** Sends one message body; resolves once SQS has taken it. */
  send(body: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.add({ body, bytes: Buffer.byteLength(body, 'utf8'), attempts: 0, resolve, reject });
    });
  }

  private add(entry: Entry): void {
    this.pending.push(entry);
    this.pendingBytes += entry.bytes;
    if (this.pending.length >= this.maxEntries || this.pendingBytes >= this.maxBatchBytes) {
      this.flush();
    } else if (this.cancelFlush === undefined) {
      this.cancelFlush = this.scheduleFlush();
    }
  }

  private scheduleFlush(): () => void {
    if (this.options.lingerMs > 0) {
      const timer = setTimeout(() => this.flush(), this.options.lingerMs);
      return () => clearTimeout(timer);
    }
    const immediate = setImmediate(() => this.flush());
    return () => clearImmediate(immediate);
  }

  private flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    const entries = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    let batch: Entry[] = [];
    let bytes = 0;
    for (const entry of entries) {
      if (batch.length > 0 && (batch.length >= this.maxEntries || bytes + entry.bytes > this.maxBatchBytes)) {
        void this.dispatch(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(entry);
      bytes += entry.bytes;
    }
    if (batch.length > 0) void this.dispatch(batch);
  }

  private async dispatch(batch: readonly Entry[]): Promise<void> {
    for (const entry of batch) entry.attempts++;
    let failed: BatchResultErrorEntry[] | undefined;
    let taken: Set<string>;
    try {
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((entry, index) => ({ Id: String(index), MessageBody: entry.body })),
        }),
      );
      taken = new Set((result.Successful ?? []).map((ok) => ok.Id as string));
      failed = result.Failed;
    } catch (error) {
      for (const entry of batch) this.retryOrReject(entry, error, isTransient(error));
      return;
    }
    const failures = new Map((failed ?? []).map((f) => [f.Id as string, f]));
    batch.forEach((entry, index) => {
      const id = String(index);
      if (taken.has(id)) {
        entry.resolve();
        return;
      }
      const failure = failures.get(id);
      const reason =
        failure === undefined ? 'SQS did not report it' : `${failure.Code}: ${failure.Message ?? ''}`;
      this.retryOrReject(entry, new Error(reason), failure?.SenderFault !== true);
    });
  }

  private retryOrReject(entry: Entry, error: unknown, retryable: boolean): void {
    if (retryable && entry.attempts < this.maxAttempts) {
      void sleep(jitteredDelay(entry.attempts, this.retryBaseMs, this.retryMaxMs)).then(() =>
        this.add(entry),
      );
      return;
    }
    const translated = translateAwsError(error, 'QUEUE_UNAVAILABLE', 'sending a message to SQS');
    entry.reject(
      new LocusError(
        'QUEUE_UNAVAILABLE',
        `SQS did not take the message after ${entry.attempts} attempt(s): ${translated.message}`,
        { cause: error, retryable },
      ),
    );
  }
}
