import { inject, injectable } from 'inversify';
import {
  batchDecider,
  batchStream,
  decideStoreBatch,
  type QueueDrained,
  RecordDateResolver,
  storeRunsStream,
} from '../../domain';
import type { BatchStore, Clock, EventJournal, IdSource, LeasedMessage, LocationQueue } from '../../ports';
import type { CoreSettings } from '../settings';
import { timeOrderedId } from '../shared/batch-ids';
import { handleCommand } from '../shared/handle-command';
import { TOKENS } from '../tokens';

export interface StoreOutcome {
  /** The batch written, or `null` when the queue was empty. */
  readonly batchId: string | null;
  readonly recordCount: number;
  readonly messageCount: number;
  readonly duplicatesDropped: number;
  /** Whether the run found the queue empty (it was not stopped by the record bound). */
  readonly drained: boolean;
}

/**
 * Store: drains the queue (up to a bound), drops repeated records, writes ONE batch object,
 * journals it (the batch exists for the pipeline only once `BatchStored` is in its stream), and
 * only then acknowledges the messages. A crash before the acknowledgement makes the messages come
 * back after their lease and land in a later batch too: a duplicate that partition removes, never
 * a loss. A batch object whose `BatchStored` was never journalled is never filed: its messages come
 * back. A run that found the queue empty journals `QueueDrained`: every record accepted before it
 * began is now stored, which is what lets a finished date become current.
 */
@injectable()
export class StoreService {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(TOKENS.queue) private readonly queue: LocationQueue,
    @inject(TOKENS.batches) private readonly batches: BatchStore,
    @inject(TOKENS.journal) private readonly journal: EventJournal,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.IdSource) private readonly ids: IdSource,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  async run(options: { maxRecords?: number } = {}): Promise<StoreOutcome> {
    const startedAt = this.clock.now();
    const runId = this.ids.next();
    const { leaseMs, leaseBatch } = this.settings.store;
    const maxRecords = options.maxRecords ?? this.settings.store.maxRecords;
    const messages: LeasedMessage[] = [];
    let records = 0;
    let drained = false;
    while (records < maxRecords) {
      const leased = await this.queue.lease(leaseBatch, leaseMs);
      if (leased.length === 0) {
        drained = true;
        break;
      }
      for (const message of leased) {
        messages.push(message);
        records += message.records.length;
      }
    }
    if (messages.length === 0) {
      const empty = await this.nothingInFlight();
      if (empty) await this.journalDrain(runId, startedAt, null);
      return { batchId: null, recordCount: 0, messageCount: 0, duplicatesDropped: 0, drained: empty };
    }

    const storedAt = this.clock.now();
    const batchId = timeOrderedId(storedAt, this.ids.next());
    const decision = decideStoreBatch(
      { type: 'StoreBatch', data: { batchId, messages, storedAt } },
      this.dates,
    );
    await this.batches.put(batchId, decision.records);
    await handleCommand(this.journal, batchDecider, batchStream(batchId), {
      type: 'RecordBatchStored',
      data: decision.event.data,
    });
    await this.queue.acknowledge(messages.map((m) => m.receipt));
    if (drained) drained = await this.nothingInFlight();
    if (drained) await this.journalDrain(runId, startedAt, batchId);
    return {
      batchId,
      recordCount: decision.event.data.recordCount,
      messageCount: messages.length,
      duplicatesDropped: decision.event.data.duplicatesDropped,
      drained,
    };
  }

  /**
   * Whether no message is leased by another run: records in flight there may still come back to
   * the queue, so the queue does not count as drained.
   */
  private async nothingInFlight(): Promise<boolean> {
    const depth = await this.queue.depth().catch(() => undefined);
    return depth !== undefined && depth.leased === 0;
  }

  /** Journals that the queue was found empty by a run that began at `startedAt`. */
  private async journalDrain(runId: string, startedAt: number, batchId: string | null): Promise<void> {
    const event: QueueDrained = {
      type: 'QueueDrained',
      data: { runId, startedAt, drainedAt: this.clock.now(), batchId },
    };
    await this.journal.append(storeRunsStream(startedAt), [event], 'any');
  }
}
