import { inject, injectable } from 'inversify';
import { TOKENS } from '../../application/tokens';
import type { LocusEvent } from '../../domain';
import type { Clock, EventJournal, JournalEntry } from '../../ports';

/** A deep copy of an event (events are plain JSON data). */
const copyEvent = (event: LocusEvent): LocusEvent => structuredClone(event);

/** Event streams held in process memory; entries are stamped with the injected clock. */
@injectable()
export class InMemoryEventJournal implements EventJournal {
  private readonly entries: JournalEntry[] = [];
  private readonly streams = new Map<string, LocusEvent[]>();

  constructor(@inject(TOKENS.Clock) private readonly clock: Clock) {}

  async append(stream: string, events: readonly LocusEvent[]): Promise<void> {
    if (events.length === 0) return;
    const copies = events.map(copyEvent);
    const recordedAt = this.clock.now();
    const held = this.streams.get(stream) ?? [];
    held.push(...copies);
    this.streams.set(stream, held);
    for (const event of copies) this.entries.push({ stream, event, recordedAt });
  }

  async readStream(stream: string): Promise<readonly LocusEvent[]> {
    return (this.streams.get(stream) ?? []).map(copyEvent);
  }

  async listStreams(prefix: string): Promise<readonly string[]> {
    return [...this.streams.keys()].filter((name) => name.startsWith(prefix)).sort();
  }

  async tail(limit: number): Promise<readonly JournalEntry[]> {
    if (limit <= 0) return [];
    return this.entries.slice(-limit).map((entry) => ({ ...entry, event: copyEvent(entry.event) }));
  }
}
