import { inject, injectable } from 'inversify';
import {
  type CalendarDate,
  COLLECTION_SERVER_STREAM,
  calendarDate,
  collectionServerDecider,
  RecordDateResolver,
} from '../../domain';
import type { Clock, EventJournal, IdSource, ServerLifecycle } from '../../ports';
import { type PartitionOutcome, PartitionService } from '../partition/partition-service';
import { type ReportOutcome, ReportService } from '../report/report-service';
import type { CoreSettings } from '../settings';
import { decideAndAppend } from '../shared/journal-streams';
import { TOKENS } from '../tokens';

export interface DailyRunOutcome {
  readonly runId: string;
  readonly date: CalendarDate;
  readonly partition: PartitionOutcome;
  /** The day's report first, then any earlier day whose report had gone stale. */
  readonly reports: readonly ReportOutcome[];
}

/**
 * The daily run: start the collection server, partition, report the previous day (in the
 * configured zone) and every stale report, and stop the server, also when a step failed.
 * `startServer`, `collect` and `stopServer` are also offered one by one, for deployments where
 * they run in different processes (a scheduled function starts the server, the server collects
 * and stops itself).
 */
@injectable()
export class DailyRunService {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(PartitionService) private readonly partition: PartitionService,
    @inject(ReportService) private readonly report: ReportService,
    @inject(TOKENS.ServerLifecycle) private readonly lifecycle: ServerLifecycle,
    @inject(TOKENS.EventJournal) private readonly journal: EventJournal,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.IdSource) private readonly ids: IdSource,
    @inject(TOKENS.CoreSettings) settings: CoreSettings,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  /** The day a run started now reports on: yesterday in the configured zone. */
  defaultDate(): CalendarDate {
    return this.dates.previousDateOf(this.clock.now());
  }

  async run(date: CalendarDate = this.defaultDate()): Promise<DailyRunOutcome> {
    calendarDate(date);
    const runId = this.ids.next();
    await this.startServer(runId, date);
    try {
      const outcome = await this.collect(runId, date);
      await this.stopServer(runId, 'succeeded');
      return outcome;
    } catch (error) {
      await this.stopServer(runId, 'failed', error);
      throw error;
    }
  }

  async startServer(runId: string, date: CalendarDate): Promise<void> {
    await this.lifecycle.start();
    await decideAndAppend(this.journal, collectionServerDecider, COLLECTION_SERVER_STREAM, {
      type: 'StartCollectionServer',
      data: { runId, date, at: this.clock.now() },
    });
  }

  /** Partition, then report `date` and every stale report. */
  async collect(runId: string, date: CalendarDate): Promise<DailyRunOutcome> {
    const partition = await this.partition.run();
    const reports = [await this.report.run(date)];
    for (const stale of await this.report.staleDates()) {
      if (stale !== date) reports.push(await this.report.run(stale));
    }
    return { runId, date, partition, reports };
  }

  /** Journals the outcome and stops the server; the server is stopped even when journalling fails. */
  async stopServer(runId: string, outcome: 'succeeded' | 'failed', error?: unknown): Promise<void> {
    try {
      await decideAndAppend(this.journal, collectionServerDecider, COLLECTION_SERVER_STREAM, {
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
