import { injectable } from 'inversify';
import type { CalendarDate, LocationRecord, PartRef } from '../../domain';
import { confirmPartCommit, type PartitionStore, type WritePartOptions } from '../../ports';
import { chunksOf, collectRecords } from './record-chunks';

const pad2 = (n: number): string => String(n).padStart(2, '0');
const dateDir = (date: CalendarDate): string => `storage/dt=${date}/`;
const partKey = (part: PartRef): string =>
  `${dateDir(part.date)}part-${pad2(part.index)}-of-${pad2(part.of)}.csv`;

const PART_KEY = /^storage\/dt=(\d{4}-\d{2}-\d{2})\/part-(\d{2})-of-(\d{2})\.csv$/;

const parsePartKey = (key: string): PartRef | undefined => {
  const match = PART_KEY.exec(key);
  if (match === null) return undefined;
  return { date: match[1] as string, index: Number(match[2]), of: Number(match[3]) };
};

/** Date partitions held in process memory under the same keys as the durable stores. */
@injectable()
export class InMemoryPartitionStore implements PartitionStore {
  private readonly parts = new Map<string, readonly LocationRecord[]>();

  async listDates(): Promise<readonly CalendarDate[]> {
    const dates = new Set<CalendarDate>();
    for (const key of this.parts.keys()) {
      const ref = parsePartKey(key);
      if (ref !== undefined) dates.add(ref.date);
    }
    return [...dates].sort();
  }

  async listParts(date: CalendarDate): Promise<readonly PartRef[]> {
    const refs: PartRef[] = [];
    for (const key of this.parts.keys()) {
      const ref = parsePartKey(key);
      if (ref?.date === date) refs.push(ref);
    }
    return refs.sort((a, b) => a.index - b.index || a.of - b.of);
  }

  async *readPart(part: PartRef): AsyncGenerator<readonly LocationRecord[]> {
    const records = this.parts.get(partKey(part));
    if (records !== undefined) yield* chunksOf(records);
  }

  /**
   * Takes every record first, then runs the commit check, and only then replaces the part, so a
   * failing source or a refused check changes nothing.
   */
  async writePart(
    part: PartRef,
    records: AsyncIterable<readonly LocationRecord[]>,
    options?: WritePartOptions,
  ): Promise<{ recordCount: number }> {
    const all = await collectRecords(records);
    const key = partKey(part);
    await confirmPartCommit(options, key);
    this.parts.set(key, all);
    return { recordCount: all.length };
  }
}
