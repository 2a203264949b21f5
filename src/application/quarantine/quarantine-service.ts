import { inject, injectable } from 'inversify';
import {
  batchDecider,
  batchStream,
  QUARANTINE_STREAM,
  type QuarantinedBatchRestored,
  type QuarantineRedriven,
} from '../../domain';
import {
  type BatchStore,
  type Clock,
  type EventJournal,
  isLocusError,
  type LocationQueue,
  LocusError,
  type QuarantinedMessage,
  type RedriveOutcome,
} from '../../ports';
import { handleCommand } from '../shared/handle-command';
import { TOKENS } from '../tokens';

/** A batch under `quarantine/work/`, and why the partition phase could not read it. */
export interface QuarantinedBatch {
  readonly id: string;
  readonly reason: string;
}

/** What is set aside: queue messages (dead-letter queue, quarantine table) and unreadable batches. */
export interface QuarantineListing {
  readonly messages: readonly QuarantinedMessage[];
  readonly batches: readonly QuarantinedBatch[];
}

/**
 * Reads what is set aside; the queue's quarantine only when `queueHolds` says it may hold some
 * (listing a dead-letter queue receives every message in it).
 */
export const readQuarantine = async (
  queue: LocationQueue,
  batches: BatchStore,
  queueHolds = true,
): Promise<QuarantineListing> => {
  const messages = queueHolds ? await queue.quarantine() : [];
  const listed: QuarantinedBatch[] = [];
  for (const id of await batches.quarantined())
    listed.push({ id, reason: (await batches.quarantineReason(id)) ?? 'no reason was kept' });
  return { messages, batches: listed };
};

/**
 * Shows what the pipeline set aside and brings it back: quarantined queue messages go back on the
 * queue (the next store run stores them), a repaired batch goes back among the pending ones (the
 * next partition run files it). Each move is journalled on the `quarantine` stream once done; the
 * records themselves stay exactly once, as a message or batch brought back twice is only a
 * duplicate that the partition phase drops.
 */
@injectable()
export class QuarantineService {
  constructor(
    @inject(TOKENS.queue) private readonly queue: LocationQueue,
    @inject(TOKENS.batches) private readonly batches: BatchStore,
    @inject(TOKENS.journal) private readonly journal: EventJournal,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  list(): Promise<QuarantineListing> {
    return readQuarantine(this.queue, this.batches);
  }

  /** Moves quarantined messages (those of `ids`, else all) back to the queue; unreadable ones stay. */
  async redrive(ids?: readonly string[]): Promise<RedriveOutcome> {
    const outcome = await this.queue.redrive(ids);
    if (outcome.redriven.length > 0) {
      const event: QuarantineRedriven = {
        type: 'QuarantineRedriven',
        data: {
          ids: outcome.redriven,
          messages: outcome.redriven.length,
          records: outcome.records,
          at: this.clock.now(),
        },
      };
      await this.journal.append(QUARANTINE_STREAM, [event], 'any');
    }
    return outcome;
  }

  /**
   * Puts a quarantined batch back among the pending ones once its object was repaired. It is read
   * through first: one that still cannot be read is set aside again with the new reason, and the
   * call fails with `CORRUPT_OBJECT`.
   */
  async restoreBatch(batchId: string): Promise<QuarantinedBatchRestored['data']> {
    await this.batches.restore(batchId);
    try {
      for await (const _chunk of this.batches.read(batchId));
    } catch (error) {
      if (!isLocusError(error, 'CORRUPT_OBJECT')) throw error;
      await this.batches.quarantine(batchId, error.message);
      await handleCommand(this.journal, batchDecider, batchStream(batchId), {
        type: 'QuarantineBatch',
        data: { batchId, reason: error.message, at: this.clock.now() },
      });
      throw new LocusError(
        'CORRUPT_OBJECT',
        `batch ${batchId} still cannot be read, so it stays in quarantine: ${error.message}`,
        { cause: error },
      );
    }
    const event: QuarantinedBatchRestored = {
      type: 'QuarantinedBatchRestored',
      data: { batchId, at: this.clock.now() },
    };
    await this.journal.append(QUARANTINE_STREAM, [event], 'any');
    // The batch's own stream says it is pending again, so the next partition run files it.
    await handleCommand(this.journal, batchDecider, batchStream(batchId), {
      type: 'RestoreBatch',
      data: { batchId, at: event.data.at },
    });
    return event.data;
  }
}
