import { inject, injectable } from 'inversify';
import { batchDecider, batchStream, decideStoreBatch, RecordDateResolver } from '../../domain';
import type { BatchStore, Clock, EventJournal, IdSource, LeasedMessage, LocationQueue } from '../../ports';
import type { CoreSettings } from '../settings';
import { timeOrderedId } from '../shared/batch-ids';
import { decideAndAppend } from '../shared/journal-streams';
import { TOKENS } from '../tokens';

export interface StoreOutcome {
  /** The batch written, or `null` when the queue was empty. */
  readonly batchId: string | null;
  readonly recordCount: number;
  readonly messageCount: number;
  readonly duplicatesDropped: number;
}

/**
 * Store: drains the queue (up to a bound), drops repeated records, writes ONE batch object and
 * only then acknowledges the messages. A crash before the acknowledgement makes the messages come
 * back after their lease and land in a later batch too: a duplicate that partition removes, never a loss.
 */
@injectable()
export class StoreService {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(TOKENS.LocationQueue) private readonly queue: LocationQueue,
    @inject(TOKENS.BatchStore) private readonly batches: BatchStore,
    @inject(TOKENS.EventJournal) private readonly journal: EventJournal,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.IdSource) private readonly ids: IdSource,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  async run(options: { maxRecords?: number } = {}): Promise<StoreOutcome> {
    const { leaseMs, leaseBatch } = this.settings.store;
    const maxRecords = options.maxRecords ?? this.settings.store.maxRecords;
    const messages: LeasedMessage[] = [];
    let records = 0;
    while (records < maxRecords) {
      const leased = await this.queue.lease(leaseBatch, leaseMs);
      if (leased.length === 0) break;
      for (const message of leased) {
        messages.push(message);
        records += message.records.length;
      }
    }
    if (messages.length === 0)
      return { batchId: null, recordCount: 0, messageCount: 0, duplicatesDropped: 0 };

    const storedAt = this.clock.now();
    const batchId = timeOrderedId(storedAt, this.ids.next());
    const decision = decideStoreBatch(
      { type: 'StoreBatch', data: { batchId, messages, storedAt } },
      this.dates,
    );
    await this.batches.put(batchId, decision.records);
    await decideAndAppend(this.journal, batchDecider, batchStream(batchId), {
      type: 'RecordBatchStored',
      data: decision.event.data,
    });
    await this.queue.acknowledge(messages.map((m) => m.receipt));
    return {
      batchId,
      recordCount: decision.event.data.recordCount,
      messageCount: messages.length,
      duplicatesDropped: decision.event.data.duplicatesDropped,
    };
  }
}
