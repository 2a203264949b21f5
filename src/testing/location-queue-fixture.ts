import type { LocationQueue } from '../ports';

export interface LocationQueueFixture {
  queue: LocationQueue;
  /** Moves the adapter's clock forward; a no-op for adapters on a real clock. */
  advanceTime(ms: number): void | Promise<void>;
  /** Puts a message body on the queue as another producer would (text that may not be records). */
  sendText(body: string): Promise<void>;
  teardown?(): Promise<void>;
}

/** How the queue under test is set up. */
export interface LocationQueueOptions {
  /** Quarantine a message leased this many times without acknowledgement (SQS: the redrive policy). */
  readonly maxReceives?: number;
}
