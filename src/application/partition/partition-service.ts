import { inject, injectable } from 'inversify';
import {
  batchDecider,
  batchStream,
  type CalendarDate,
  choosePartCount,
  digitReachesPart,
  type LocationRecord,
  partIndexOf,
  partitionDecider,
  partitionStream,
  RecordDateResolver,
} from '../../domain';
import {
  type BatchStore,
  type Clock,
  type EventJournal,
  type IdSource,
  isLocusError,
  LocusError,
  type PartitionStore,
  type RunLock,
  type ScratchArea,
  type ScratchSpace,
} from '../../ports';
import type { CoreSettings } from '../settings';
import { decideAndAppend, loadState } from '../shared/journal-streams';
import { RunLease } from '../shared/run-lease';
import { TOKENS } from '../tokens';
import { collectFresh, type MergeTally, mergeIntoPart } from './part-merge';
import { parseSpillKey, Spiller } from './spill';

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
}

/** Called as a run goes on (progress bars, logs). */
export type PartitionProgress = (event: { stage: 'read' | 'write'; done: number; total: number }) => void;

/** The error of a run that could not rewrite some dates: it names their files and what was held back. */
const unreadableDates = (unreadable: ReadonlyMap<CalendarDate, string>, heldBatches: number): LocusError => {
  const reasons = [...unreadable.values()].join('; ');
  return new LocusError(
    'CORRUPT_OBJECT',
    `${unreadable.size} date(s) not partitioned, a part could not be read (damaged, or written by another version): ` +
      `${reasons}. The file is left as it is and the ${heldBatches} batch(es) holding records of these dates stay ` +
      'pending; repair or move the file and run partition again. Every other date was partitioned.',
  );
};

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
    @inject(TOKENS.BatchStore) private readonly batches: BatchStore,
    @inject(TOKENS.PartitionStore) private readonly partitions: PartitionStore,
    @inject(TOKENS.EventJournal) private readonly journal: EventJournal,
    @inject(TOKENS.ScratchSpace) private readonly scratch: ScratchSpace,
    @inject(TOKENS.RunLock) private readonly lock: RunLock,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.IdSource) private readonly ids: IdSource,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  async run(progress: PartitionProgress = () => {}): Promise<PartitionOutcome> {
    const runId = this.ids.next();
    const { lockTtlMs } = this.settings.partition;
    return RunLease.hold(this.lock, this.clock, PARTITION_LOCK, runId, lockTtlMs, async (lease) => {
      const stored = await this.pendingBatches();
      const pending = [...stored.keys()];
      if (pending.length === 0) return { runId, batches: [], dates: [], quarantined: [] };
      const area = await this.scratch.open(`partition-${runId}`);
      try {
        const { filed, quarantined, countsByDate, datesOf } = await this.spill(
          pending,
          stored,
          area,
          lease,
          progress,
        );
        const dates: DatePartitioned[] = [];
        const unreadable = new Map<CalendarDate, string>();
        const sorted = [...countsByDate.keys()].sort();
        for (const [i, date] of sorted.entries()) {
          try {
            dates.push(await this.mergeDate(date, countsByDate.get(date) ?? 0, area, filed, runId, lease));
          } catch (error) {
            // A part that cannot be read (damaged, or written by an older version) fails its date only.
            if (!isLocusError(error, 'CORRUPT_OBJECT')) throw error;
            unreadable.set(date, (error as Error).message);
          }
          progress({ stage: 'write', done: i + 1, total: sorted.length });
        }
        const held = filed.filter((batchId) => datesOf.get(batchId)?.some((date) => unreadable.has(date)));
        const done = filed.filter((batchId) => !held.includes(batchId));
        for (const batchId of done) await this.markDone(batchId, runId);
        if (unreadable.size > 0) throw unreadableDates(unreadable, held.length);
        return { runId, batches: done, dates, quarantined };
      } finally {
        await area.dispose();
      }
    });
  }

  /**
   * Pending batches still to file, with the record count the journal has of each (`undefined` when
   * it has none); those the journal already knows as partitioned are just marked done.
   */
  private async pendingBatches(): Promise<Map<string, number | undefined>> {
    const pending = new Map<string, number | undefined>();
    for (const batchId of await this.batches.listPending()) {
      const state = await loadState(this.journal, batchDecider, batchStream(batchId));
      if (state.status === 'partitioned') await this.batches.markDone(batchId);
      else pending.set(batchId, state.status === 'stored' ? state.recordCount : undefined);
    }
    return pending;
  }

  private async spill(
    batchIds: readonly string[],
    stored: ReadonlyMap<string, number | undefined>,
    area: ScratchArea,
    lease: RunLease,
    progress: PartitionProgress,
  ) {
    const spiller = new Spiller(area, this.dates, this.settings.partition.spillChunk);
    const filed: string[] = [];
    const quarantined: string[] = [];
    /** The dates each filed batch holds records of. */
    const datesOf = new Map<string, CalendarDate[]>();
    for (const [i, batchId] of batchIds.entries()) {
      const before = new Map(spiller.countsByDate);
      let read = 0;
      try {
        for await (const chunk of this.batches.read(batchId)) {
          read += chunk.length;
          await spiller.add(chunk);
        }
        const expected = stored.get(batchId);
        if (expected !== undefined && read !== expected) {
          // Cut at a line end, or emptied: every line reads, but records are missing.
          throw new LocusError(
            'CORRUPT_OBJECT',
            `work/${batchId}.csv holds ${read} records where ${expected} were stored: it was truncated or altered`,
          );
        }
        filed.push(batchId);
        datesOf.set(
          batchId,
          [...spiller.countsByDate]
            .filter(([date, count]) => count !== before.get(date))
            .map(([date]) => date),
        );
      } catch (error) {
        if (!isLocusError(error, 'CORRUPT_OBJECT')) throw error;
        // Records read before the damage are kept: filing them twice is harmless.
        await this.batches.quarantine(batchId, (error as Error).message);
        quarantined.push(batchId);
      }
      progress({ stage: 'read', done: i + 1, total: batchIds.length });
      await lease.checkpoint();
    }
    await spiller.flush();
    return { filed, quarantined, countsByDate: spiller.countsByDate, datesOf };
  }

  private async mergeDate(
    date: CalendarDate,
    incoming: number,
    area: ScratchArea,
    batchIds: readonly string[],
    runId: string,
    lease: RunLease,
  ): Promise<DatePartitioned> {
    const before = await loadState(this.journal, partitionDecider, partitionStream(date));
    const existing = await this.partitions.listParts(date);
    const of =
      existing[0]?.of ??
      (before.parts > 0
        ? before.parts
        : choosePartCount(before.recordCount + incoming, this.settings.partition.targetRecordsPerPart));
    const keys = area.keys().filter((key) => parseSpillKey(key).date === date);
    const tally: MergeTally = { added: 0, duplicatesDropped: 0, total: 0 };
    const partCounts: (number | null)[] = new Array(of).fill(null);
    for (let index = 0; index < of; index++) {
      const fresh = new Map<string, LocationRecord>();
      const partKeys = keys.filter((key) => digitReachesPart(parseSpillKey(key).digit, index, of));
      if (partKeys.length === 0) continue;
      // Past 16 parts a spill key (one hex digit) feeds several parts: each takes its own records.
      const keep =
        of > 16 ? (record: LocationRecord) => partIndexOf(record.recordId, of) === index : undefined;
      tally.duplicatesDropped += await collectFresh(
        partKeys.map((key) => area.read(key)),
        fresh,
        keep,
      );
      const part = { date, index, of };
      const partTally: MergeTally = { added: 0, duplicatesDropped: 0, total: 0 };
      await this.partitions.writePart(
        part,
        mergeIntoPart(this.partitions.readPart(part), fresh, partTally, this.settings.partition.spillChunk),
        { commitIf: () => lease.fence() },
      );
      tally.added += partTally.added;
      tally.duplicatesDropped += partTally.duplicatesDropped;
      partCounts[index] = partTally.total;
      await lease.checkpoint();
    }
    const [written] = await decideAndAppend(this.journal, partitionDecider, partitionStream(date), {
      type: 'RecordPartitionWritten',
      data: {
        date,
        runId,
        parts: of,
        partCounts,
        added: tally.added,
        duplicatesDropped: tally.duplicatesDropped,
        batchIds,
        at: this.clock.now(),
      },
    });
    const recordCount = written?.data.recordCount ?? before.recordCount;
    return { date, parts: of, added: tally.added, duplicatesDropped: tally.duplicatesDropped, recordCount };
  }

  private async markDone(batchId: string, runId: string): Promise<void> {
    await decideAndAppend(this.journal, batchDecider, batchStream(batchId), {
      type: 'MarkBatchPartitioned',
      data: { batchId, runId, at: this.clock.now() },
    });
    await this.batches.markDone(batchId);
  }
}
