import { inject, injectable } from 'inversify';
import {
  type CalendarDate,
  COLLECTION_SERVER_STREAM,
  collectionServerDecider,
  RecordDateResolver,
} from '../../domain';
import type { Clock, EventJournal, ServerLifecycle } from '../../ports';
import type { CoreSettings } from '../settings';
import { handleCommand } from '../shared/handle-command';
import { TOKENS } from '../tokens';

/**
 * Starting and stopping the collection server for a daily run, journalled: what a scheduled
 * function that only starts the server needs, without the phases.
 */
@injectable()
export class CollectionServerRuns {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(TOKENS.server) private readonly lifecycle: ServerLifecycle,
    @inject(TOKENS.journal) private readonly journal: EventJournal,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.CoreSettings) settings: CoreSettings,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  /** The day a run started now reports on: yesterday in the configured zone. */
  defaultDate(): CalendarDate {
    return this.dates.previousDateOf(this.clock.now());
  }

  async startServer(runId: string, date: CalendarDate): Promise<void> {
    await this.lifecycle.start();
    await handleCommand(this.journal, collectionServerDecider, COLLECTION_SERVER_STREAM, {
      type: 'StartCollectionServer',
      data: { runId, date, at: this.clock.now() },
    });
  }

  /** Journals the outcome and stops the server; the server is stopped even when journalling fails. */
  async stopServer(runId: string, outcome: 'succeeded' | 'failed', error?: unknown): Promise<void> {
    try {
      await handleCommand(this.journal, collectionServerDecider, COLLECTION_SERVER_STREAM, {
        type: 'StopCollectionServer',
        data: {
          runId,
          outcome,
          ...(error === undefined ? {} : { error: error instanceof Error ? error.message : String(error) }),
          at: this.clock.now(),
        },
      });
    } finally {
      await this.lifecycle.stop();
    }
  }
}
