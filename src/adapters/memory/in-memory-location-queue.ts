import type { ServiceIdentifier } from 'inversify';
import { inject, injectable, optional } from 'inversify';
import {
  decodeLocationCsv,
  type LocationRecord,
  leasedTooOften,
  previewRecords,
  previewUnreadable,
} from '../../domain';
import type {
  Clock,
  LeasedMessage,
  LocationQueue,
  QuarantinedMessage,
  QueueDepth,
  RedriveOutcome,
} from '../../ports';
import { TOKENS } from '../../ports/tokens';
import { copyRecords } from './record-chunks';

/** How the memory queue treats messages leased again and again. */
export interface InMemoryQueueOptions {
  /**
   * A message leased this many times without acknowledgement is quarantined at its next lease, as
   * an SQS redrive policy's `maxReceiveCount` does; unset (the default): never.
   */
  readonly maxReceives?: number;
}

export const IN_MEMORY_QUEUE_OPTIONS = Symbol.for(
  'locus.memory.QueueOptions',
) as ServiceIdentifier<InMemoryQueueOptions>;

interface QueuedMessage {
  readonly id: number;
  /** The records, or the text another producer sent (read at lease, as the durable queues do). */
  readonly content: readonly LocationRecord[] | string;
  /** When the message may be handed out again (epoch ms); 0 while it was never leased. */
  visibleAt: number;
  /** The receipt of its latest lease; only this one acknowledges it. */
  receipt: string | undefined;
  receives: number;
}

interface SetAside {
  readonly content: readonly LocationRecord[] | string;
  readonly reason: string;
  readonly at: number;
}

const readContent = (content: readonly LocationRecord[] | string): LocationRecord[] => {
  if (typeof content !== 'string') return copyRecords(content);
  const records = decodeLocationCsv(content);
  if (records.length === 0) throw new Error('the message holds no record');
  return records;
};

/**
 * A queue held in process memory, at-least-once like the durable ones: a leased message is hidden
 * until its lease expires on the injected clock, then handed out again under a new receipt. A
 * message that cannot be read, or (with `maxReceives`) was leased too often, is set aside.
 */
@injectable()
export class InMemoryLocationQueue implements LocationQueue {
  private readonly messages = new Map<number, QueuedMessage>();
  private readonly byReceipt = new Map<string, number>();
  private readonly setAside = new Map<string, SetAside>();
  private nextId = 1;
  private leases = 0;

  constructor(
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(IN_MEMORY_QUEUE_OPTIONS) @optional() private readonly options: InMemoryQueueOptions = {},
  ) {}

  /** Keeps the records as one message (a copy of them). */
  async enqueue(records: readonly LocationRecord[]): Promise<void> {
    this.add(copyRecords(records));
  }

  /** Keeps a message body as another producer would send it: CSV lines, read when leased. */
  async enqueueText(body: string): Promise<void> {
    this.add(body);
  }

  /** Leases the oldest visible messages, up to `maxMessages`. */
  async lease(maxMessages: number, leaseMs: number): Promise<readonly LeasedMessage[]> {
    const now = this.clock.now();
    const out: LeasedMessage[] = [];
    for (const message of this.messages.values()) {
      if (out.length >= maxMessages) break;
      if (message.visibleAt > now) continue;
      if (message.receipt !== undefined) this.byReceipt.delete(message.receipt);
      const { maxReceives } = this.options;
      if (maxReceives !== undefined && message.receives >= maxReceives) {
        this.quarantineMessage(message, leasedTooOften(message.receives));
        continue;
      }
      let records: LocationRecord[];
      try {
        records = readContent(message.content);
      } catch (error) {
        this.quarantineMessage(message, (error as Error).message ?? String(error));
        continue;
      }
      message.receives++;
      message.receipt = `m${message.id}-l${++this.leases}`;
      message.visibleAt = now + leaseMs;
      this.byReceipt.set(message.receipt, message.id);
      out.push({ receipt: message.receipt, records });
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
    return { ready, leased, quarantined: this.setAside.size };
  }

  async quarantine(): Promise<readonly QuarantinedMessage[]> {
    return [...this.setAside].map(([id, entry]) => {
      let records: LocationRecord[] | undefined;
      try {
        records = readContent(entry.content);
      } catch {
        records = undefined;
      }
      return {
        id,
        reason: entry.reason,
        quarantinedAt: entry.at,
        records: records?.length ?? null,
        preview: records !== undefined ? previewRecords(records) : previewUnreadable(String(entry.content)),
      };
    });
  }

  /** Puts readable quarantined messages back at the end of the queue, ready at once. */
  async redrive(ids?: readonly string[]): Promise<RedriveOutcome> {
    const listed = await this.quarantine();
    const wanted = ids === undefined ? undefined : new Set(ids);
    const redriven: string[] = [];
    const unreadable: QuarantinedMessage[] = [];
    let records = 0;
    for (const message of listed) {
      if (wanted !== undefined && !wanted.has(message.id)) continue;
      const entry = this.setAside.get(message.id) as SetAside;
      if (message.records === null) {
        unreadable.push(message);
        continue;
      }
      this.add(entry.content);
      this.setAside.delete(message.id);
      redriven.push(message.id);
      records += message.records;
    }
    const notFound = (ids ?? []).filter((id) => !listed.some((message) => message.id === id));
    return { redriven, records, unreadable, notFound };
  }

  private add(content: readonly LocationRecord[] | string): void {
    const id = this.nextId++;
    this.messages.set(id, { id, content, visibleAt: 0, receipt: undefined, receives: 0 });
  }

  private quarantineMessage(message: QueuedMessage, reason: string): void {
    this.messages.delete(message.id);
    this.setAside.set(`q${message.id}`, { content: message.content, reason, at: this.clock.now() });
  }
}
