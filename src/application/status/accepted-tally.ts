import { inject, injectable } from 'inversify';
import type { CalendarDate, LocationsAccepted, LocusEvent } from '../../domain';
import type { EventJournal, IdSource } from '../../ports';
import { TOKENS } from '../tokens';

/** The journal stream that counts one date's accepted records. */
export const acceptedStream = (date: CalendarDate): string => `accepted-${date}`;

/** Records accepted for `date`, summed over a stream's `LocationsAccepted` events. */
export const countAccepted = (events: readonly LocusEvent[], date: CalendarDate): number =>
  events.reduce(
    (sum, event) => sum + (event.type === 'LocationsAccepted' ? (event.data.byDate[date] ?? 0) : 0),
    0,
  );

/**
 * Counts accepted records by date in memory and journals the counts now and then, one
 * `LocationsAccepted` summary per date (stream `accepted-<date>`, its `recordIds` left empty):
 * journalling every request would cost a disk write each. Counts since the last flush are lost
 * if the process dies; they are for the status report only, the queue holds the records.
 */
@injectable()
export class AcceptedTally {
  /** Per date: records counted since the last flush, and when the latest of them was accepted. */
  private counts = new Map<CalendarDate, { count: number; lastAt: number }>();
  private readonly runId: string;
  private sequence = 0;

  constructor(
    @inject(TOKENS.journal) private readonly journal: EventJournal,
    @inject(TOKENS.IdSource) ids: IdSource,
  ) {
    this.runId = ids.next();
  }

  /** Adds one request's accepted records. */
  add(event: LocationsAccepted): void {
    for (const [date, count] of Object.entries(event.data.byDate)) {
      const held = this.counts.get(date);
      this.counts.set(date, {
        count: (held?.count ?? 0) + count,
        lastAt: Math.max(held?.lastAt ?? 0, event.data.acceptedAt),
      });
    }
  }

  /** Records counted and not yet journalled. */
  get unflushed(): number {
    let total = 0;
    for (const { count } of this.counts.values()) total += count;
    return total;
  }

  /** Journals the counts gathered since the last flush; on failure they are kept for the next one. */
  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const counts = this.counts;
    this.counts = new Map();
    // The summary carries when its latest record was accepted (not when it was journalled): a
    // store run that began after that time has the records in a batch.
    for (const [date, { count, lastAt: acceptedAt }] of counts) {
      try {
        await this.journal.append(
          acceptedStream(date),
          [
            {
              type: 'LocationsAccepted',
              data: {
                requestId: `tally-${this.runId}-${++this.sequence}`,
                recordIds: [],
                byDate: { [date]: count },
                acceptedAt,
              },
            },
          ],
          'any',
        );
        counts.delete(date);
      } catch (error) {
        for (const [left, { count: n, lastAt }] of counts) {
          const held = this.counts.get(left);
          this.counts.set(left, {
            count: (held?.count ?? 0) + n,
            lastAt: Math.max(held?.lastAt ?? 0, lastAt),
          });
        }
        throw error;
      }
    }
  }
}
