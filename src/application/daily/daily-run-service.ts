import { inject, injectable } from 'inversify';
import { type CalendarDate, calendarDate, RecordDateResolver } from '../../domain';
import type { Clock, IdSource } from '../../ports';
import { type PartitionOutcome, PartitionService } from '../partition/partition-service';
import { type ReportOutcome, ReportService } from '../report/report-service';
import type { CoreSettings } from '../settings';
import { type StoreOutcome, StoreService } from '../store/store-service';
import { TOKENS } from '../tokens';
import { CollectionServerRuns } from './collection-server-runs';

export interface DailyRunOutcome {
  readonly runId: string;
  readonly date: CalendarDate;
  /** The store run made first (`null` where the run does not reach the queue). */
  readonly store: StoreOutcome | null;
  readonly partition: PartitionOutcome;
  /** The day's report first, then every earlier day whose report is due (late data, a refused run). */
  readonly reports: readonly ReportOutcome[];
}

/** Options of one collect step. */
export interface CollectOptions {
  /**
   * Drain the queue first, so that every record accepted before the run is in the day's report
   * (on by default; off where the run cannot reach the queue, such as the collect server on AWS,
   * which relies on the scheduled store runs).
   */
  readonly store?: boolean;
}

/**
 * The daily run: start the collection server, store (drain the queue), partition, report the
 * previous day (in the configured zone) and every earlier date whose report is due, and stop the
 * server, also when a step failed.
 * `startServer`, `collect` and `stopServer` are also offered one by one, for deployments where
 * they run in different processes (a scheduled function starts the server, the server collects
 * and stops itself).
 */
@injectable()
export class DailyRunService {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(StoreService) private readonly store: StoreService,
    @inject(PartitionService) private readonly partition: PartitionService,
    @inject(ReportService) private readonly report: ReportService,
    @inject(CollectionServerRuns) private readonly server: CollectionServerRuns,
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

  async run(date: CalendarDate = this.defaultDate(), options: CollectOptions = {}): Promise<DailyRunOutcome> {
    calendarDate(date);
    const runId = this.ids.next();
    await this.startServer(runId, date);
    try {
      const outcome = await this.collect(runId, date, options);
      await this.stopServer(runId, 'succeeded');
      return outcome;
    } catch (error) {
      await this.stopServer(runId, 'failed', error);
      throw error;
    }
  }

  startServer(runId: string, date: CalendarDate): Promise<void> {
    return this.server.startServer(runId, date);
  }

  /** Store (unless told not to), partition, then report `date` and every earlier date whose report is due. */
  async collect(runId: string, date: CalendarDate, options: CollectOptions = {}): Promise<DailyRunOutcome> {
    const store = options.store === false ? null : await this.store.run();
    const partition = await this.partition.run();
    const reports = [await this.report.run(date)];
    const today = this.dates.dateOf(this.clock.now());
    for (const due of await this.report.dueDates()) {
      if (due !== date && due < today) reports.push(await this.report.run(due));
    }
    return { runId, date, store, partition, reports };
  }

  /** Journals the outcome and stops the server; the server is stopped even when journalling fails. */
  stopServer(runId: string, outcome: 'succeeded' | 'failed', error?: unknown): Promise<void> {
    return this.server.stopServer(runId, outcome, error);
  }
}
