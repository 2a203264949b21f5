import { inject, injectable } from 'inversify';
import {
  type CalendarDate,
  calendarDate,
  type DeviceRecordsPurged,
  type LocationRecord,
  type PartRef,
  PURGE_STREAM,
  partitionDecider,
  partitionStream,
  RecordDateResolver,
  reportDecider,
  reportStream,
  shiftDate,
} from '../../domain';
import {
  type BatchArchive,
  type BatchStore,
  type Clock,
  type EventJournal,
  type IdSource,
  type LeasedMessage,
  type LocationQueue,
  LocusError,
  type PartitionStore,
  type RejectedStore,
  type ReportStore,
  type RunLock,
} from '../../ports';
import { PARTITION_LOCK } from '../partition/partition-service';
import { ReportService } from '../report/report-service';
import type { CoreSettings } from '../settings';
import { handleCommand, loadState } from '../shared/handle-command';
import { RunLease } from '../shared/run-lease';
import { TOKENS } from '../tokens';

/** What to erase: one device's records (optionally only those dated before a day), or every record before a day. */
export interface PurgeRequest {
  readonly deviceId: string | null;
  readonly before: CalendarDate | null;
  readonly reason: 'request' | 'retention';
}

export type PurgeOutcome = DeviceRecordsPurged['data'];

type Match = (record: LocationRecord) => boolean;

type Chunks = AsyncIterable<readonly LocationRecord[]> | Iterable<readonly LocationRecord[]>;

/** Reads every chunk, keeping what does not match and counting what was dropped. */
const split = async (chunks: Chunks, match: Match) => {
  const kept: LocationRecord[] = [];
  let removed = 0;
  for await (const chunk of chunks) {
    for (const record of chunk) {
      if (match(record)) removed++;
      else kept.push(record);
    }
  }
  return { kept, removed };
};

/**
 * Erases records from every store: queued messages (re-enqueued without them, then
 * acknowledged), pending and kept batches, the date partitions and the published reports (each
 * replaced atomically; the partitions' new counts are journalled and the reports made again from
 * them), then journals `DeviceRecordsPurged`. Runs under the partition lock, so no partition run
 * interleaves; every other record keeps its one copy. A purge that stopped half way is run again:
 * it finds what is left and finishes.
 */
@injectable()
export class PurgeService {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(TOKENS.queue) private readonly queue: LocationQueue,
    @inject(TOKENS.batches) private readonly batches: BatchStore,
    @inject(TOKENS.archive) private readonly archive: BatchArchive,
    @inject(TOKENS.partitions) private readonly partitions: PartitionStore,
    @inject(TOKENS.reports) private readonly reports: ReportStore,
    @inject(ReportService) private readonly reporting: ReportService,
    @inject(TOKENS.journal) private readonly journal: EventJournal,
    @inject(TOKENS.lock) private readonly lock: RunLock,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.IdSource) private readonly ids: IdSource,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
    @inject(TOKENS.rejected) private readonly rejected: RejectedStore,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  /** The day before which a retention of `days` days deletes records, counted from now in the zone. */
  retentionCutoff(days: number): CalendarDate {
    return shiftDate(this.dates.dateOf(this.clock.now()), -days);
  }

  async purge(request: PurgeRequest): Promise<PurgeOutcome> {
    const { deviceId, before } = request;
    if (before !== null) calendarDate(before);
    if (deviceId === null && before === null) {
      throw new LocusError('CONFIGURATION', 'a purge names a device, a date to purge before, or both');
    }
    if (deviceId !== null && deviceId.trim() === '')
      throw new LocusError('CONFIGURATION', 'the device id is empty');
    const match: Match = (record) =>
      (deviceId === null || record.deviceId === deviceId) &&
      (before === null || this.dates.dateOf(record.recordedAt) < before);
    const purgeId = this.ids.next();
    const { lockTtlMs } = this.settings.partition;
    return RunLease.hold(this.lock, this.clock, PARTITION_LOCK, purgeId, lockTtlMs, async (lease) => {
      const queue = await this.purgeQueue(match);
      const batches = (await this.purgePending(match, lease)) + (await this.purgeArchive(match, lease));
      const { removed: partitions, dates } = await this.purgePartitions(match, before, purgeId, lease);
      const reports = await this.remakeReports(dates, before);
      const rejected = await this.purgeRejected(deviceId, before);
      const event: DeviceRecordsPurged = {
        type: 'DeviceRecordsPurged',
        data: {
          purgeId,
          deviceId,
          before,
          reason: request.reason,
          removed: { queue, batches, partitions, reports: reports.removed, rejected },
          dates: [...new Set([...dates, ...reports.dates])].sort(),
          purgedAt: this.clock.now(),
        },
      };
      await this.journal.append(PURGE_STREAM, [event], 'any');
      return event.data;
    });
  }

  /**
   * Erases the kept refused items: the device's (by the device id they name), on every date of
   * arrival before `before` (all dates when it is `null`).
   */
  private async purgeRejected(deviceId: string | null, before: CalendarDate | null): Promise<number> {
    let removed = 0;
    for (const date of await this.rejected.dates()) {
      if (before !== null && date >= before) continue;
      removed += await this.rejected.erase(date, (item) => deviceId === null || item.deviceId === deviceId);
    }
    return removed;
  }

  /** Leases every ready message, re-enqueues each without the matching records, then acknowledges it. */
  private async purgeQueue(match: Match): Promise<number> {
    const { leaseMs, leaseBatch } = this.settings.store;
    const leased: LeasedMessage[] = [];
    for (;;) {
      const page = await this.queue.lease(leaseBatch, leaseMs);
      if (page.length === 0) break;
      leased.push(...page);
    }
    let removed = 0;
    for (const message of leased) {
      const { kept, removed: dropped } = await split([message.records], match);
      removed += dropped;
      if (dropped === 0 || kept.length > 0) await this.queue.enqueue(kept);
    }
    await this.queue.acknowledge(leased.map((message) => message.receipt));
    return removed;
  }

  private async purgePending(match: Match, lease: RunLease): Promise<number> {
    let removed = 0;
    for (const batchId of await this.batches.listPending()) {
      const { kept, removed: dropped } = await split(this.batches.read(batchId), match);
      if (dropped > 0) await this.batches.put(batchId, kept);
      removed += dropped;
      await lease.checkpoint();
    }
    return removed;
  }

  private async purgeArchive(match: Match, lease: RunLease): Promise<number> {
    let removed = 0;
    for (const batchId of await this.archive.list()) {
      const { kept, removed: dropped } = await split(this.archive.read(batchId), match);
      if (dropped > 0) await this.archive.replace(batchId, kept);
      removed += dropped;
      await lease.checkpoint();
    }
    return removed;
  }

  /**
   * Rewrites every part that holds matching records; journals a date's new part counts when it
   * changed, or when its journal disagrees with its parts (a purge that stopped before journalling).
   */
  private async purgePartitions(
    match: Match,
    before: CalendarDate | null,
    purgeId: string,
    lease: RunLease,
  ): Promise<{ removed: number; dates: CalendarDate[] }> {
    let removed = 0;
    const touched: CalendarDate[] = [];
    for (const date of await this.partitions.listDates()) {
      if (before !== null && date >= before) continue;
      const parts = await this.partitions.listParts(date);
      const of = Math.max(...parts.map((part) => part.of));
      const counts: number[] = new Array(of).fill(0);
      let dateRemoved = 0;
      for (const part of parts) {
        const { matched: dropped, total } = await this.countMatches(part, match);
        counts[part.index] =
          dropped === 0
            ? total
            : (
                await this.partitions.writePart(part, this.keptOf(part, match), {
                  commitIf: () => lease.fence(),
                })
              ).recordCount;
        dateRemoved += dropped;
        await lease.checkpoint();
      }
      const { state } = await loadState(this.journal, partitionDecider, partitionStream(date));
      const differs = state.parts !== of || counts.some((count, i) => count !== (state.partCounts[i] ?? 0));
      if (dateRemoved > 0 || differs) {
        await handleCommand(this.journal, partitionDecider, partitionStream(date), {
          type: 'RecordPartitionWritten',
          data: {
            date,
            runId: purgeId,
            parts: of,
            partCounts: counts,
            added: 0,
            duplicatesDropped: 0,
            recordsIn: null,
            batchIds: [],
            at: this.clock.now(),
          },
        });
        touched.push(date);
      }
      removed += dateRemoved;
    }
    return { removed, dates: touched };
  }

  /** Makes again the published reports of the touched dates and every stale one; counts the rows that went. */
  private async remakeReports(
    touched: readonly CalendarDate[],
    before: CalendarDate | null,
  ): Promise<{ removed: number; dates: CalendarDate[] }> {
    const published = new Set((await this.reports.list()).map((report) => report.date));
    const stale = await this.reporting.dueDates();
    const dates = [...new Set([...touched, ...stale])]
      .filter((date) => published.has(date) && (before === null || date < before))
      .sort();
    let removed = 0;
    for (const date of dates) {
      const { state: previous } = await loadState(this.journal, reportDecider, reportStream(date));
      const outcome = await this.reporting.run(date);
      if (previous.publishedAt !== null) removed += Math.max(0, previous.rowCount - outcome.rowCount);
    }
    return { removed, dates };
  }

  /** The part's matching records and all its records, in one read. */
  private async countMatches(part: PartRef, match: Match): Promise<{ matched: number; total: number }> {
    let matched = 0;
    let total = 0;
    for await (const chunk of this.partitions.readPart(part)) {
      total += chunk.length;
      for (const record of chunk) if (match(record)) matched++;
    }
    return { matched, total };
  }

  private async *keptOf(part: PartRef, match: Match): AsyncGenerator<readonly LocationRecord[]> {
    for await (const chunk of this.partitions.readPart(part)) {
      const kept = chunk.filter((record) => !match(record));
      if (kept.length > 0) yield kept;
    }
  }
}
