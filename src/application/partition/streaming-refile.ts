import {
  type CalendarDate,
  digitReachesPart,
  type LocationRecord,
  type PartRef,
  partIndexOf,
  type RecordDateResolver,
  RecordIndex,
} from '../../domain';
import {
  type BatchStore,
  isLocusError,
  type LocusError,
  type PartitionStore,
  type PartMerged,
  type RefileArea,
  type ScratchArea,
  type StagedBatches,
  type WritePartOptions,
} from '../../ports';
import { collectFresh, type MergeTally, mergeIntoPart } from './part-merge';
import { countsAdded } from './partition-checks';
import { parseSpillKey, Spiller } from './spill';

/**
 * A run's re-filing done in this process, through the ports: each batch is read and its records
 * spilled to the scratch area by date and first hex digit of their id; each part then gathers
 * its fresh records in memory and is rewritten by streaming its old records merged with them.
 */
export class StreamingRefileArea implements RefileArea {
  private readonly spiller: Spiller;

  constructor(
    private readonly batches: BatchStore,
    private readonly partitions: PartitionStore,
    private readonly area: ScratchArea,
    dates: RecordDateResolver,
    private readonly chunk: number,
    /** Called after each batch is read (progress, lease checkpoints). */
    private readonly afterBatch: (done: number) => Promise<void>,
  ) {
    this.spiller = new Spiller(area, dates, chunk);
  }

  async stage(batchIds: readonly string[]): Promise<StagedBatches> {
    const batches = new Map<string, ReadonlyMap<CalendarDate, number> | LocusError>();
    for (const [i, batchId] of batchIds.entries()) {
      const before = new Map(this.spiller.countsByDate);
      try {
        for await (const chunk of this.batches.read(batchId)) await this.spiller.add(chunk);
        batches.set(batchId, countsAdded(before, this.spiller.countsByDate));
      } catch (error) {
        if (!isLocusError(error, 'CORRUPT_OBJECT')) throw error;
        // Records read before the damage are kept: filing them twice is harmless.
        batches.set(batchId, error);
      }
      await this.afterBatch(i + 1);
    }
    await this.spiller.flush();
    return { batches, countsByDate: new Map(this.spiller.countsByDate) };
  }

  async mergePart(
    part: PartRef,
    checkExisting: (existing: number) => void,
    options: WritePartOptions,
  ): Promise<PartMerged | null> {
    const { date, index, of } = part;
    const partKeys = this.area.keys().filter((key) => {
      const spilled = parseSpillKey(key);
      return spilled.date === date && digitReachesPart(spilled.digit, index, of);
    });
    if (partKeys.length === 0) return null;
    const fresh = new RecordIndex();
    // Past 16 parts a spill key (one hex digit) feeds several parts: each takes its own records.
    const keep = of > 16 ? (record: LocationRecord) => partIndexOf(record.recordId, of) === index : undefined;
    const collected = await collectFresh(
      partKeys.map((key) => this.area.read(key)),
      fresh,
      keep,
    );
    const tally: MergeTally = { added: 0, duplicatesDropped: 0, total: 0 };
    await this.partitions.writePart(
      part,
      mergeIntoPart(this.partitions.readPart(part), fresh, tally, this.chunk, checkExisting),
      options,
    );
    return { added: tally.added, duplicatesDropped: tally.duplicatesDropped + collected, total: tally.total };
  }

  dispose(): Promise<void> {
    return this.area.dispose();
  }
}
