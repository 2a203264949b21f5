import type { CalendarDate, LocationRecord, RecordDateResolver } from '../../domain';
import type { ScratchArea } from '../../ports';

/** Spill key of a record: its date and the first hex digit of its id (which fixes its part). */
export const spillKey = (date: CalendarDate, recordId: string): string => `${date}/${recordId[0]}`;

/** The date and hex digit a spill key stands for. */
export const parseSpillKey = (key: string): { date: CalendarDate; digit: number } => {
  const [date, hex] = key.split('/') as [string, string];
  return { date, digit: Number.parseInt(hex, 16) };
};

/**
 * Buffers records by spill key and writes them to a scratch area in chunks, so a whole day never
 * has to be held in memory; counts the records of each date on the way.
 */
export class Spiller {
  private readonly buffers = new Map<string, LocationRecord[]>();
  readonly countsByDate = new Map<CalendarDate, number>();

  constructor(
    private readonly area: ScratchArea,
    private readonly dates: RecordDateResolver,
    private readonly chunk: number,
  ) {}

  async add(records: readonly LocationRecord[]): Promise<void> {
    for (const record of records) {
      const date = this.dates.dateOf(record.recordedAt);
      this.countsByDate.set(date, (this.countsByDate.get(date) ?? 0) + 1);
      const key = spillKey(date, record.recordId);
      let buffer = this.buffers.get(key);
      if (buffer === undefined) {
        buffer = [];
        this.buffers.set(key, buffer);
      }
      buffer.push(record);
      if (buffer.length >= this.chunk) {
        this.buffers.set(key, []);
        await this.area.append(key, buffer);
      }
    }
  }

  async flush(): Promise<void> {
    for (const [key, buffer] of this.buffers) {
      if (buffer.length > 0) await this.area.append(key, buffer);
    }
    this.buffers.clear();
  }
}
