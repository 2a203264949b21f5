import { inject, injectable, optional } from 'inversify';
import {
  batchDecider,
  batchStream,
  type CalendarDate,
  choosePartCount,
  partitionDecider,
  partitionStream,
  RecordDateResolver,
} from '../../domain';
import {
  type BatchStore,
  type Clock,
  type EventJournal,
  type IdSource,
  LocusError,
  type PartitionRefiler,
  type PartitionStore,
  type RefileArea,
  type RunLock,
  type ScratchSpace,
} from '../../ports';
import type { CoreSettings } from '../settings';
import { handleCommand, loadState } from '../shared/handle-command';
import { handleCommands } from '../shared/handle-commands';
import { RunLease } from '../shared/run-lease';
import { TOKENS } from '../tokens';
import { byDateDifference, checkExisting, failsOneDate, unreadableDates } from './partition-checks';
import { StreamingRefileArea } from './streaming-refile';

export interface DatePartitioned {
  readonly date: CalendarDate;
  readonly parts: number;
  readonly added: number;
  readonly duplicatesDropped: number;
  readonly recordCount: number;
}

export interface PartitionOutcome {
  readonly runId: string;
  readonly batches: readonly string[];
  readonly dates: readonly DatePartitioned[];
  readonly quarantined: readonly string[];
  /** Batch objects the journal never recorded as stored: their messages were stored again later; left alone. */
  readonly unjournalled: readonly string[];
}

/** Called as a run goes on (progress bars, logs). */
export type PartitionProgress = (event: { stage: 'read' | 'write'; done: number; total: number }) => void;

/** The run lock of the partition phase, also held by every run that rewrites partitions (purges). */
export const PARTITION_LOCK = 'partition';

/**
 * Partition: files the records of every pending batch under their own date, merged with what the
 * date already holds (one copy per record id, the earliest received), then marks the batches done.
 *
 * Crash-safe by construction: a record always belongs to the same part of its date, each part is
 * replaced atomically, and batches are marked done only after every part is written; re-running
 * after a crash at any point merges the same records again and gets the same partitions.
 *
 * Fenced: each part becomes visible only once the run has renewed its lease at the store's commit
 * point, so a run that stalled past its lease (inside a part write too) and lost the lock to
 * another run replaces nothing more and stops with `LOCK_LOST`.
 */
@injectable()
export class PartitionService {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(TOKENS.batches) private readonly batches: BatchStore,
    @inject(TOKENS.partitions) private readonly partitions: PartitionStore,
    @inject(TOKENS.journal) private readonly journal: EventJournal,
    @inject(TOKENS.scratch) private readonly scratch: ScratchSpace,
    @inject(TOKENS.lock) private readonly lock: RunLock,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.IdSource) private readonly ids: IdSource,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
    @inject(TOKENS.PartitionRefiler) @optional() private readonly refiler?: PartitionRefiler,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  /**
   * The run's re-filing: the bound refiler's when it serves these stores, else streamed through
   * the scratch space in this process.
   */
  private async openArea(runId: string, lease: RunLease, progress: PartitionProgress, total: number) {
    const name = `partition-${runId}`;
    const bulk = await this.refiler?.open(name, {
      timeZone: this.settings.timeZone,
      batches: this.batches,
      partitions: this.partitions,
    });
    if (bulk !== undefined && bulk !== null) return bulk;
    return new StreamingRefileArea(
      this.batches,
      this.partitions,
      await this.scratch.open(name),
      this.dates,
      this.settings.partition.spillChunk,
      async (done) => {
        progress({ stage: 'read', done, total });
        await lease.checkpoint();
      },
    );
  }

  async run(progress: PartitionProgress = () => {}): Promise<PartitionOutcome> {
    const runId = this.ids.next();
    const { lockTtlMs } = this.settings.partition;
    return RunLease.hold(this.lock, this.clock, PARTITION_LOCK, runId, lockTtlMs, async (lease) => {
      const { stored, unjournalled } = await this.pendingBatches();
      const pending = [...stored.keys()];
      if (pending.length === 0) return { runId, batches: [], dates: [], quarantined: [], unjournalled };
      const area = await this.openArea(runId, lease, progress, pending.length);
      try {
        const { filed, quarantined, countsByDate, datesOf } = await this.spill(
          pending,
          stored,
          area,
          lease,
          progress,
        );
        const dates: DatePartitioned[] = [];
        const unreadable = new Map<CalendarDate, LocusError>();
        const sorted = [...countsByDate.keys()].sort();
        for (const [i, date] of sorted.entries()) {
          try {
            dates.push(await this.mergeDate(date, countsByDate.get(date) ?? 0, area, filed, runId, lease));
          } catch (error) {
            // A part that cannot be read (damaged, written by an older version) or that holds fewer
            // records than the journal says (altered) fails its date only.
            if (!failsOneDate(error)) throw error;
            unreadable.set(date, error);
          }
          progress({ stage: 'write', done: i + 1, total: sorted.length });
        }
        const held = filed.filter((batchId) => datesOf.get(batchId)?.some((date) => unreadable.has(date)));
        const done = filed.filter((batchId) => !held.includes(batchId));
        await this.markDone(done, runId);
        if (unreadable.size > 0) throw unreadableDates(unreadable, held.length);
        return { runId, batches: done, dates, quarantined, unjournalled };
      } finally {
        await area.dispose();
      }
    });
  }

  /**
   * The batches to file: those the journal holds as stored and not yet partitioned, with their
   * records by date. Objects under `work/` that the journal already knows as partitioned are just
   * moved out; those it never recorded as stored are left alone (their messages came back to the
   * queue and were stored again: filing them too would only add duplicates).
   */
  private async pendingBatches(): Promise<{
    stored: Map<string, Readonly<Record<CalendarDate, number>>>;
    unjournalled: string[];
  }> {
    const stored = new Map<string, Readonly<Record<CalendarDate, number>>>();
    const unjournalled: string[] = [];
    for (const batchId of await this.batches.listPending()) {
      const { state } = await loadState(this.journal, batchDecider, batchStream(batchId));
      if (state.status === 'partitioned') await this.batches.markDone(batchId);
      else if (state.status === 'stored') stored.set(batchId, state.byDate);
      else unjournalled.push(batchId);
    }
    return { stored, unjournalled };
  }

  private async spill(
    batchIds: readonly string[],
    stored: ReadonlyMap<string, Readonly<Record<CalendarDate, number>>>,
    area: RefileArea,
    lease: RunLease,
    progress: PartitionProgress,
  ) {
    const staged = await area.stage(batchIds);
    const filed: string[] = [];
    const quarantined: string[] = [];
    /** The dates each filed batch holds records of. */
    const datesOf = new Map<string, CalendarDate[]>();
    for (const batchId of batchIds) {
      const read = staged.batches.get(batchId);
      const difference =
        read === undefined || read instanceof Error
          ? null
          : byDateDifference(read, stored.get(batchId) ?? {});
      const error =
        read === undefined
          ? new LocusError('CORRUPT_OBJECT', `work/${batchId}.csv was not read`)
          : read instanceof Error
            ? read
            : difference !== null
              ? // Cut at a line end, emptied or edited: every line reads, but the records are not those stored.
                new LocusError(
                  'CORRUPT_OBJECT',
                  `work/${batchId}.csv does not hold the records journalled as stored (${difference}): it was truncated or altered`,
                )
              : null;
      if (error === null) {
        filed.push(batchId);
        datesOf.set(batchId, [...(read as ReadonlyMap<CalendarDate, number>).keys()]);
        continue;
      }
      await this.batches.quarantine(batchId, error.message);
      await handleCommand(this.journal, batchDecider, batchStream(batchId), {
        type: 'QuarantineBatch',
        data: { batchId, reason: error.message, at: this.clock.now() },
      });
      quarantined.push(batchId);
    }
    progress({ stage: 'read', done: batchIds.length, total: batchIds.length });
    await lease.checkpoint();
    return { filed, quarantined, countsByDate: staged.countsByDate, datesOf };
  }

  private async mergeDate(
    date: CalendarDate,
    incoming: number,
    area: RefileArea,
    batchIds: readonly string[],
    runId: string,
    lease: RunLease,
  ): Promise<DatePartitioned> {
    const { state: before } = await loadState(this.journal, partitionDecider, partitionStream(date));
    const existing = await this.partitions.listParts(date);
    const of =
      existing[0]?.of ??
      (before.parts > 0
        ? before.parts
        : choosePartCount(before.recordCount + incoming, this.settings.partition.targetRecordsPerPart));
    let added = 0;
    let duplicatesDropped = 0;
    const partCounts: (number | null)[] = new Array(of).fill(null);
    for (let index = 0; index < of; index++) {
      const part = { date, index, of };
      const journalled = before.parts === of ? (before.partCounts[index] ?? 0) : 0;
      const merged = await area.mergePart(part, (existing) => checkExisting(part, existing, journalled), {
        commitIf: () => lease.fence(),
      });
      if (merged === null) continue;
      added += merged.added;
      duplicatesDropped += merged.duplicatesDropped;
      partCounts[index] = merged.total;
      await lease.checkpoint();
    }
    const {
      events: [written],
    } = await handleCommand(this.journal, partitionDecider, partitionStream(date), {
      type: 'RecordPartitionWritten',
      data: {
        date,
        runId,
        parts: of,
        partCounts,
        added,
        duplicatesDropped,
        recordsIn: incoming,
        batchIds,
        at: this.clock.now(),
      },
    });
    const recordCount = written?.data.recordCount ?? before.recordCount;
    return { date, parts: of, added, duplicatesDropped, recordCount };
  }

  /**
   * Journals the batches as partitioned (in one commit where the journal can), then moves them
   * out of `work/`. A move lost in a crash is made again by the next run, which finds the batch
   * journalled as partitioned.
   */
  private async markDone(batchIds: readonly string[], runId: string): Promise<void> {
    const at = this.clock.now();
    await handleCommands(
      this.journal,
      batchDecider,
      batchIds.map((batchId) => ({
        stream: batchStream(batchId),
        command: { type: 'MarkBatchPartitioned' as const, data: { batchId, runId, at } },
      })),
    );
    if (this.batches.markDoneAll !== undefined) await this.batches.markDoneAll(batchIds);
    else for (const batchId of batchIds) await this.batches.markDone(batchId);
  }
}
