import { inject, injectable } from 'inversify';
import {
  type CalendarDate,
  calendarDate,
  type DayState,
  type PipelineView,
  pendingRecordsByDate,
  storedOf,
} from '../../domain';
import type {
  BatchStore,
  EventJournal,
  LocationQueue,
  QueueDepth,
  ServerLifecycle,
  ServerState,
} from '../../ports';
import { type QuarantineListing, readQuarantine } from '../quarantine/quarantine-service';
import type { CoreSettings } from '../settings';
import { TOKENS } from '../tokens';
import { PipelineProjection } from './pipeline-projection';
import { ReportCatalog, type ReportListing } from './report-catalog';

export interface PartitionListing {
  readonly date: CalendarDate;
  readonly revision: number;
  readonly parts: number;
  readonly records: number;
}

/** A journal entry; arrays of more than a few items are replaced by their length. */
export interface RecentEvent {
  readonly at: number;
  readonly stream: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Where the pipeline stands. A part that could not be read holds `{ error }` instead. */
export interface PipelineStatus {
  readonly timeZone: string;
  readonly queue: QueueDepth | { readonly error: string };
  /** Batches the journal holds as stored and not yet partitioned; unreadable ones set aside. */
  readonly batches: { readonly pending: number; readonly quarantined: number } | { readonly error: string };
  /** When the queue was last found empty by a store run. */
  readonly lastDrain: { readonly startedAt: number; readonly drainedAt: number } | null;
  /** What is set aside and reaches no report until brought back (`locus quarantine`): an alarm. */
  readonly quarantine: QuarantineListing | { readonly error: string };
  readonly partitions: readonly PartitionListing[];
  readonly reports: readonly ReportListing[];
  readonly collectionServer: ServerState;
  readonly recentEvents: readonly RecentEvent[];
}

/** One date's way through the phases, from the journal. */
export interface DayStatus {
  readonly date: CalendarDate;
  readonly timeZone: string;
  /** Records accepted over HTTP (resends included), as counted by the servers. */
  readonly accepted: number;
  /** Records written into batches (each batch without repeats), and how many batches hold some. */
  readonly stored: number;
  readonly batches: number;
  /** Distinct records in the date's partition, and its revision. */
  readonly partitioned: number;
  readonly partitionRevision: number;
  /** Rows in the published report (`null` before the first), made from which revision. */
  readonly reported: number | null;
  readonly reportedRevision: number | null;
  /** `current`, `stale` (see `waiting`) or `empty`. */
  readonly state: DayState;
  /** `state === 'current'`. */
  readonly reportCurrent: boolean;
  /** What keeps the date from being current, in words. */
  readonly waiting: readonly string[];
}

/** A date's counts as an operator reconciles them (`locus status --date`). */
export interface DayReconciliation extends DayStatus {
  /** Copies dropped while partitioning the date: resends and redeliveries of records already kept. */
  readonly duplicatesDropped: number;
  /** Records of the date in stored batches that the partition phase has not filed yet. */
  readonly pendingRecords: number;
}

const BRIEF_ITEMS = 4;

const brief = (data: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      Array.isArray(value) && value.length > BRIEF_ITEMS ? `${value.length} items` : value,
    ]),
  );

const failed = (error: unknown): { error: string } => ({ error: (error as Error)?.message ?? String(error) });

/** Tells where the pipeline, or one date, stands: the pipeline projection, plus the ports' live counts. */
@injectable()
export class StatusService {
  constructor(
    @inject(TOKENS.queue) private readonly queue: LocationQueue,
    @inject(TOKENS.batches) private readonly batches: BatchStore,
    @inject(TOKENS.journal) private readonly journal: EventJournal,
    @inject(TOKENS.server) private readonly lifecycle: ServerLifecycle,
    @inject(ReportCatalog) private readonly catalog: ReportCatalog,
    @inject(PipelineProjection) private readonly projection: PipelineProjection,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
  ) {}

  async pipeline(recentEvents = 10): Promise<PipelineStatus> {
    const view = await this.projection.load();
    const queue = await this.queue.depth().catch(failed);
    const pending = [...view.batches.values()].filter(
      (batch) => !batch.partitioned && batch.quarantined === null,
    ).length;
    const batches = await this.batches
      .quarantined()
      .then((quarantined) => ({ pending, quarantined: quarantined.length }), failed);
    const partitions: PartitionListing[] = [...view.dates.values()]
      .filter((day) => day.partition.revision > 0)
      .map((day) => ({
        date: day.date,
        revision: day.partition.revision,
        parts: day.partition.parts,
        records: day.partition.recordCount,
      }))
      .sort((a, b) => a.date.localeCompare(b.date));
    const queueHolds = 'error' in queue || queue.quarantined > 0;
    const quarantine = await readQuarantine(this.queue, this.batches, queueHolds).catch(failed);
    const tail = await this.journal.tail(recentEvents);
    return {
      timeZone: this.settings.timeZone,
      queue,
      batches,
      lastDrain: view.lastDrain,
      quarantine,
      partitions,
      reports: await this.catalog.list(view),
      collectionServer: await this.lifecycle.state().catch((): ServerState => 'unknown'),
      recentEvents: tail.map((entry) => ({
        at: entry.recordedAt,
        stream: entry.stream,
        type: entry.event.type,
        data: brief(entry.event.data as unknown as Record<string, unknown>),
      })),
    };
  }

  /** A date's counts: accepted → stored → partitioned → reported. */
  async day(date: CalendarDate): Promise<DayStatus> {
    const { duplicatesDropped: _duplicates, pendingRecords: _pending, ...day } = await this.reconcile(date);
    return day;
  }

  /** {@link day}, with the duplicates dropped and the records still waiting for the partition phase. */
  async reconcile(date: CalendarDate): Promise<DayReconciliation> {
    const [day] = await this.reconcileAll([date]);
    return day as DayReconciliation;
  }

  /** {@link reconcile} of several dates, from one reading of the journal. */
  async reconcileAll(dates: readonly CalendarDate[]): Promise<DayReconciliation[]> {
    for (const date of dates) calendarDate(date);
    const view = await this.projection.load();
    return dates.map((date) => this.reconcileIn(view, date));
  }

  private reconcileIn(view: PipelineView, date: CalendarDate): DayReconciliation {
    const day = view.dates.get(date);
    const stored = storedOf(view, date);
    const standing = this.projection.standing(view, date);
    return {
      date,
      timeZone: this.settings.timeZone,
      accepted: day?.accepted ?? 0,
      stored: stored.records,
      batches: stored.batches,
      partitioned: day?.partition.recordCount ?? 0,
      partitionRevision: day?.partition.revision ?? 0,
      reported: day?.report.publishedAt == null ? null : day.report.rowCount,
      reportedRevision: day?.report.partitionRevision ?? null,
      state: standing.state,
      reportCurrent: standing.state === 'current',
      waiting: standing.waiting,
      duplicatesDropped: day?.partition.duplicatesDropped ?? 0,
      pendingRecords: pendingRecordsByDate(view).get(date) ?? 0,
    };
  }
}
