import { inject, injectable } from 'inversify';
import { TOKENS } from '../../application/tokens';
import type { LocationRecord } from '../../domain';
import type { Clock, LeasedMessage, LocationQueue, QueueDepth } from '../../ports';
import { copyRecords } from './record-chunks';

interface QueuedMessage {
  readonly id: number;
  readonly records: readonly LocationRecord[];
  /** When the message may be handed out again (epoch ms); 0 while it was never leased. */
  visibleAt: number;
  /** The receipt of its latest lease; only this one acknowledges it. */
  receipt: string | undefined;
}

/**
 * A queue held in process memory, at-least-once like the durable ones: a leased message is hidden
 * until its lease expires on the injected clock, then handed out again under a new receipt.
 */
@injectable()
export class InMemoryLocationQueue implements LocationQueue {
  private readonly messages = new Map<number, QueuedMessage>();
  private readonly byReceipt = new Map<string, number>();
  private nextId = 1;
  private leases = 0;

  constructor(@inject(TOKENS.Clock) private readonly clock: Clock) {}

  /** Keeps the records as one message (a copy of them). */
  async enqueue(records: readonly LocationRecord[]): Promise<void> {
    const id = this.nextId++;
    this.messages.set(id, { id, records: copyRecords(records), visibleAt: 0, receipt: undefined });
  }

  /** Leases the oldest visible messages, up to `maxMessages`. */
  async lease(maxMessages: number, leaseMs: number): Promise<readonly LeasedMessage[]> {
    const now = this.clock.now();
    const out: LeasedMessage[] = [];
    for (const message of this.messages.values()) {
      if (out.length >= maxMessages) break;
      if (message.visibleAt > now) continue;
      if (message.receipt !== undefined) this.byReceipt.delete(message.receipt);
      message.receipt = `m${message.id}-l${++this.leases}`;
      message.visibleAt = now + leaseMs;
      this.byReceipt.set(message.receipt, message.id);
      out.push({ receipt: message.receipt, records: copyRecords(message.records) });
    }
    return out;
  }

  /** Removes the messages of the latest receipts; anything else is ignored. */
  async acknowledge(receipts: readonly string[]): Promise<void> {
    for (const receipt of receipts) {
      const id = this.byReceipt.get(receipt);
      if (id === undefined) continue;
      this.byReceipt.delete(receipt);
      this.messages.delete(id);
    }
  }

  async depth(): Promise<QueueDepth> {
    const now = this.clock.now();
    let ready = 0;
    let leased = 0;
    for (const message of this.messages.values()) {
      if (message.visibleAt > now) leased++;
      else ready++;
    }
    return { ready, leased, quarantined: 0 };
  }
}
