import { inject, injectable } from 'inversify';
import { type ExpectedStreamVersion, type LocusEvent, matchesExpectedVersion } from '../../domain';
import type { AppendResult, Clock, EventJournal, JournalEntry, StreamRead } from '../../ports';
import { TOKENS } from '../../ports/tokens';
import { versionConflict } from '../journal/version-conflict';

/** A deep copy of an event (events are plain JSON data). */
const copyEvent = (event: LocusEvent): LocusEvent => structuredClone(event);

/** Event streams held in process memory; entries are stamped with the injected clock. */
@injectable()
export class InMemoryEventJournal implements EventJournal {
  private readonly entries: JournalEntry[] = [];
  private readonly streams = new Map<string, LocusEvent[]>();

  constructor(@inject(TOKENS.Clock) private readonly clock: Clock) {}

  async append(
    stream: string,
    events: readonly LocusEvent[],
    expectedVersion: ExpectedStreamVersion,
  ): Promise<AppendResult> {
    const held = this.streams.get(stream) ?? [];
    if (events.length === 0) return { nextExpectedVersion: held.length };
    if (!matchesExpectedVersion(held.length, expectedVersion)) {
      throw versionConflict(stream, expectedVersion, held.length);
    }
    const copies = events.map(copyEvent);
    const recordedAt = this.clock.now();
    held.push(...copies);
    this.streams.set(stream, held);
    for (const event of copies) this.entries.push({ stream, event, recordedAt });
    return { nextExpectedVersion: held.length };
  }

  async readStream(stream: string): Promise<StreamRead> {
    const held = this.streams.get(stream) ?? [];
    return { events: held.map(copyEvent), version: held.length };
  }

  async listStreams(prefix: string): Promise<readonly string[]> {
    return [...this.streams.keys()].filter((name) => name.startsWith(prefix)).sort();
  }

  async tail(limit: number): Promise<readonly JournalEntry[]> {
    if (limit <= 0) return [];
    return this.entries.slice(-limit).map((entry) => ({ ...entry, event: copyEvent(entry.event) }));
  }
}
