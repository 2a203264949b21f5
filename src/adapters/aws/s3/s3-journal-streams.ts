import type { StreamRead } from '../../../ports';
import { type AppendObject, readAppends } from './s3-journal-appends';
import { S3KeptObjects } from './s3-kept-objects';
import type { S3Layout } from './s3-layout';
import type { ListedObject, S3Objects } from './s3-objects';

/** Reading a journal's worth of appends the first time (a year of batches is some 200,000): within the SDK's 50 sockets. */
const BULK_READ_CONCURRENCY = 32;
/** How many appends are kept read (about 1 KiB each). */
const KEPT_APPENDS = 200_000;
/**
 * Where the appends read are saved, per prefix, with their entity tags: a process that starts (the
 * daily run, `locus status`) reads one object instead of every append. An entry counts only while
 * the listing shows its key under the same tag, so the copy can be stale, never wrong.
 */
const CACHE_FOLDER = 'journal-cache/';
/** The copy is saved again once a read of a prefix had to fetch this many appends. */
const SAVE_AFTER_READS = 200;
const JSON_TYPE = 'application/json';

/**
 * Freezes an append and everything in it: the appends kept are handed to every reader, so one that
 * changed an event would change it for all the reads after it. Frozen, such a change fails at once.
 */
const frozen = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
};

/** The saved copy: `[key, entity tag, append]` per append. */
interface SavedAppends {
  readonly appends: readonly (readonly [string, string, AppendObject])[];
}

/**
 * `S3EventJournal.readStreams`: a prefix's appends in one flat listing (one LIST per 1,000
 * appends), read only when not kept under the same entity tag (an append object is never changed
 * once in place), the kept ones saved for the next process.
 */
export class S3JournalStreams {
  private readonly kept = new S3KeptObjects<AppendObject>(KEPT_APPENDS);
  /** The prefixes whose saved appends were looked for. */
  private readonly seeded = new Set<string>();

  constructor(
    private readonly layout: S3Layout,
    private readonly objects: S3Objects,
  ) {}

  async read(prefix: string): Promise<ReadonlyMap<string, StreamRead>> {
    await this.seed(prefix);
    const root = this.layout.address('work', 'journal/').key;
    const byStream = new Map<string, ListedObject[]>();
    for await (const object of this.objects.list(
      this.layout.buckets.work,
      root + encodeURIComponent(prefix),
    )) {
      const slash = object.key.indexOf('/', root.length);
      if (slash < 0 || !object.key.endsWith('.json')) continue;
      const stream = decodeURIComponent(object.key.slice(root.length, slash));
      if (!stream.startsWith(prefix)) continue;
      const listed = byStream.get(stream) ?? [];
      listed.push(object);
      byStream.set(stream, listed);
    }
    const listed = [...byStream.values()].flat();
    const { found: appends, read: fresh } = await this.kept.values(
      listed,
      async (keys) =>
        (await readAppends(this.objects, this.layout.buckets.work, keys, BULK_READ_CONCURRENCY)).map(frozen),
      // An append gone between the listing and the read is not kept: only what was read is.
      (append) => append.stream !== '',
    );
    if (fresh >= SAVE_AFTER_READS) await this.save(prefix, listed);
    const read = new Map<string, StreamRead>();
    for (const stream of [...byStream.keys()].sort()) {
      const keys = (byStream.get(stream) ?? []).map((object) => object.key).sort();
      const events = keys.flatMap((key) => appends.get(key)?.events ?? []);
      if (events.length > 0) read.set(stream, { events, version: events.length });
    }
    return read;
  }

  /** Where a prefix's kept appends are saved: `journal-cache/streams-<prefix>.json`. */
  private address(prefix: string) {
    return this.layout.address('work', `${CACHE_FOLDER}streams-${encodeURIComponent(prefix)}.json`);
  }

  /** Keeps the appends a process saved for the prefix, once; a copy that cannot be read is passed over. */
  private async seed(prefix: string): Promise<void> {
    if (this.seeded.has(prefix)) return;
    this.seeded.add(prefix);
    try {
      const saved = await this.objects.readText(this.address(prefix));
      if (saved !== undefined) this.kept.seed(frozen(JSON.parse(saved.text) as SavedAppends).appends);
    } catch {
      // Not allowed, gone or damaged: the appends are read one by one, as without a copy.
    }
  }

  /** Saves the prefix's kept appends (best effort: a copy only spares the next process reads). */
  private async save(prefix: string, listed: readonly ListedObject[]): Promise<void> {
    try {
      const saved: SavedAppends = { appends: this.kept.entriesOf(listed) };
      await this.objects.putText(this.address(prefix), JSON.stringify(saved), JSON_TYPE);
    } catch {
      // As in seed.
    }
  }
}
