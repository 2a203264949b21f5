import { inject, injectable } from 'inversify';
import { type ExpectedStreamVersion, type LocusEvent, matchesExpectedVersion } from '../../domain';
import {
  type AppendResult,
  type Clock,
  type EventJournal,
  type JournalEntry,
  readEachStream,
  type StreamAppend,
  type StreamRead,
} from '../../ports';
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
    return this.appendNow(stream, events, expectedVersion);
  }

  private appendNow(
    stream: string,
    events: readonly LocusEvent[],
    expectedVersion: ExpectedStreamVersion,
  ): AppendResult {
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

  /** Checks every part first (each against the streams as the parts before it leave them), then appends them all. */
  async appendAll(appends: readonly StreamAppend[]): Promise<readonly AppendResult[]> {
    const versions = new Map<string, number>();
    for (const { stream, events, expectedVersion } of appends) {
      const version = versions.get(stream) ?? this.streams.get(stream)?.length ?? 0;
      if (events.length > 0 && !matchesExpectedVersion(version, expectedVersion)) {
        throw versionConflict(stream, expectedVersion, version);
      }
      versions.set(stream, version + events.length);
    }
    return appends.map(({ stream, events, expectedVersion }) =>
      this.appendNow(stream, events, expectedVersion),
    );
  }

  async readStream(stream: string): Promise<StreamRead> {
    const held = this.streams.get(stream) ?? [];
    return { events: held.map(copyEvent), version: held.length };
  }

  async listStreams(prefix: string): Promise<readonly string[]> {
    return [...this.streams.keys()].filter((name) => name.startsWith(prefix)).sort();
  }

  readStreams(prefix: string): Promise<ReadonlyMap<string, StreamRead>> {
    return readEachStream(this, prefix);
  }

  async tail(limit: number): Promise<readonly JournalEntry[]> {
    if (limit <= 0) return [];
    return this.entries.slice(-limit).map((entry) => ({ ...entry, event: copyEvent(entry.event) }));
  }
}
