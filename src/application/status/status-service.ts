import { inject, injectable } from 'inversify';
import {
  batchStream,
  type CalendarDate,
  calendarDate,
  isReportCurrent,
  partitionDecider,
  partitionStream,
  reportDecider,
  reportStream,
} from '../../domain';
import type {
  BatchStore,
  EventJournal,
  LocationQueue,
  PartitionStore,
  QueueDepth,
  ServerLifecycle,
  ServerState,
} from '../../ports';
import { type QuarantineListing, readQuarantine } from '../quarantine/quarantine-service';
import type { CoreSettings } from '../settings';
import { loadState } from '../shared/journal-streams';
import { TOKENS } from '../tokens';
import { acceptedStream, countAccepted } from './accepted-tally';
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
  readonly batches: { readonly pending: number; readonly quarantined: number } | { readonly error: string };
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
  /** Rows in the published report (`null` before the first), made from which revision, and whether current. */
  readonly reported: number | null;
  readonly reportedRevision: number | null;
  /** False also while stored records of the date wait for the partition phase (late data). */
  readonly reportCurrent: boolean;
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

/** A report is not current while records of its date wait in stored batches. */
const withPending = (
  reports: readonly ReportListing[],
  pending: ReadonlyMap<CalendarDate, number>,
): ReportListing[] =>
  reports.map((report) => {
    const pendingRecords = pending.get(report.date) ?? 0;
    return pendingRecords === 0 ? report : { ...report, current: false, pendingRecords };
  });

const failed = (error: unknown): { error: string } => ({ error: (error as Error)?.message ?? String(error) });

/** Reads the ports and the journal to tell where the pipeline, or one date, stands. */
@injectable()
export class StatusService {
  constructor(
    @inject(TOKENS.LocationQueue) private readonly queue: LocationQueue,
    @inject(TOKENS.BatchStore) private readonly batches: BatchStore,
    @inject(TOKENS.PartitionStore) private readonly partitions: PartitionStore,
    @inject(TOKENS.EventJournal) private readonly journal: EventJournal,
    @inject(TOKENS.ServerLifecycle) private readonly lifecycle: ServerLifecycle,
    @inject(ReportCatalog) private readonly catalog: ReportCatalog,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
  ) {}

  async pipeline(recentEvents = 10): Promise<PipelineStatus> {
    const queue = await this.queue.depth().catch(failed);
    const batches = await Promise.all([this.batches.listPending(), this.batches.quarantined()]).then(
      ([pending, quarantined]) => ({ pending: pending.length, quarantined: quarantined.length }),
      failed,
    );
    const queueHolds = 'error' in queue || queue.quarantined > 0;
    const quarantine = await readQuarantine(this.queue, this.batches, queueHolds).catch(failed);
    const partitions: PartitionListing[] = [];
    for (const date of await this.partitions.listDates()) {
      const state = await loadState(this.journal, partitionDecider, partitionStream(date));
      const parts = state.parts > 0 ? state.parts : (await this.partitions.listParts(date)).length;
      partitions.push({ date, revision: state.revision, parts, records: state.recordCount });
    }
    const tail = await this.journal.tail(recentEvents);
    return {
      timeZone: this.settings.timeZone,
      queue,
      batches,
      quarantine,
      partitions,
      reports: withPending(await this.catalog.list(), await this.pendingByDate().catch(() => new Map())),
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
    calendarDate(date);
    const accepted = countAccepted(await this.journal.readStream(acceptedStream(date)), date);
    let stored = 0;
    let batches = 0;
    for (const stream of await this.journal.listStreams('batch-')) {
      for (const event of await this.journal.readStream(stream)) {
        const count = event.type === 'BatchStored' ? event.data.byDate[date] : undefined;
        if (count !== undefined && count > 0) {
          stored += count;
          batches++;
        }
      }
    }
    let duplicatesDropped = 0;
    for (const event of await this.journal.readStream(partitionStream(date))) {
      if (event.type === 'PartitionWritten') duplicatesDropped += event.data.duplicatesDropped;
    }
    const pendingRecords = (await this.pendingByDate()).get(date) ?? 0;
    const partition = await loadState(this.journal, partitionDecider, partitionStream(date));
    const report = await loadState(this.journal, reportDecider, reportStream(date));
    return {
      date,
      timeZone: this.settings.timeZone,
      accepted,
      stored,
      batches,
      partitioned: partition.recordCount,
      partitionRevision: partition.revision,
      reported: report.publishedAt === null ? null : report.rowCount,
      reportedRevision: report.partitionRevision,
      reportCurrent: isReportCurrent(report, partition) && pendingRecords === 0,
      duplicatesDropped,
      pendingRecords,
    };
  }

  /** Records of each date in the batches still pending (stored, not yet partitioned), from the journal. */
  private async pendingByDate(): Promise<Map<CalendarDate, number>> {
    const pending = new Map<CalendarDate, number>();
    for (const batchId of await this.batches.listPending()) {
      const events = await this.journal.readStream(batchStream(batchId));
      if (events.some((event) => event.type === 'BatchPartitioned')) continue;
      for (const event of events) {
        if (event.type !== 'BatchStored') continue;
        for (const [date, count] of Object.entries(event.data.byDate))
          pending.set(date, (pending.get(date) ?? 0) + count);
      }
    }
    return pending;
  }
}
