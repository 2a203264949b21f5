import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import { type ExpectedStreamVersion, type LocusEvent, matchesExpectedVersion } from '../../../domain';
import type { AppendResult, Clock, EventJournal, JournalEntry, StreamRead } from '../../../ports';
import { LocusError } from '../../../ports/errors';
import { TOKENS } from '../../../ports/tokens';
import { versionConflict } from '../../journal/version-conflict';
import { AWS_TOKENS } from '../aws-tokens';
import { sleep } from '../backoff';
import { mapWithConcurrency } from '../concurrency';
import { S3Layout } from './s3-layout';
import { type ListedObject, S3Objects } from './s3-objects';

/** One append: the object's whole content. */
interface AppendObject {
  readonly stream: string;
  readonly recordedAt: number;
  readonly events: readonly LocusEvent[];
  /** The version of the first event (absent in appends written before versions existed). */
  readonly firstVersion?: number;
  /** Unique per append: tells a writer whether the object it reads back is its own. */
  readonly token?: string;
}

const JSON_TYPE = 'application/json';
const READ_CONCURRENCY = 8;
const HOUR = 3_600_000;
/** How far back `tail` looks first, widening until it finds enough entries. */
const TAIL_WINDOWS = [
  HOUR,
  24 * HOUR,
  7 * 24 * HOUR,
  31 * 24 * HOUR,
  366 * 24 * HOUR,
  Number.POSITIVE_INFINITY,
];

const streamFolder = (stream: string): string => `journal/${encodeURIComponent(stream)}/`;
/** How many appends `readStreams` keeps read (about 1 KiB each), the least recently used dropped first. */
const KEPT_APPENDS = 100_000;
const INDEX_FOLDER = 'journal-index/';
/** `v` + the first version, 10 digits: sorts after the time-named appends of older journals. */
const versionName = (firstVersion: number): string => `v${String(firstVersion).padStart(10, '0')}.json`;

/**
 * The event journal in the work bucket: one object per append, holding all of its events, named by
 * the version of its first event (`journal/<stream>/v0000000001.json`), so a stream reads back in
 * key order. An append at version N writes `v<N+1>` with `If-None-Match: *`: of two writers that
 * read the same version, S3 lets one create the object and refuses the other (`VERSION_CONFLICT`).
 * Then the object is read back (after `lockSettleMs`, for stores that ignore the condition) to
 * check it is the writer's own. Each append is also written under `journal-index/<ms>-…` so that
 * `tail` lists only the recent keys instead of every stream; that entry is best effort (a missing
 * one hides the append from `tail` only). `readStreams` lists a prefix's appends in one flat listing
 * and reads only those it has not read before under the same entity tag (an append object is never
 * changed once in place), so that folding every batch stream again costs one LIST per 1,000 appends.
 */
@injectable()
export class S3EventJournal implements EventJournal {
  private readonly layout: S3Layout;
  private readonly objects: S3Objects;
  private readonly settleMs: number;
  private sequence = 0;
  private lastMs = 0;
  /** Appends read by `readStreams`, by key, with the entity tag they were read under. */
  private readonly kept = new Map<string, { readonly etag: string; readonly append: AppendObject }>();

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(client);
    this.settleMs = config.lockSettleMs;
  }

  async append(
    stream: string,
    events: readonly LocusEvent[],
    expectedVersion: ExpectedStreamVersion,
  ): Promise<AppendResult> {
    if (stream === '') throw new LocusError('STORE_UNAVAILABLE', 'a journal stream needs a name');
    const { version } = await this.readStream(stream);
    if (events.length === 0) return { nextExpectedVersion: version };
    if (!matchesExpectedVersion(version, expectedVersion)) {
      throw versionConflict(stream, expectedVersion, version);
    }
    this.lastMs = Math.max(this.lastMs, this.clock.now());
    const token = randomUUID();
    const append: AppendObject = {
      stream,
      recordedAt: this.lastMs,
      events,
      firstVersion: version + 1,
      token,
    };
    const body = JSON.stringify(append);
    const entry = this.layout.address('work', streamFolder(stream) + versionName(version + 1));
    const created = await this.objects.putText(entry, body, JSON_TYPE, { ifAbsent: true });
    if (!created || !(await this.isOwn(entry.key, token))) {
      throw versionConflict(stream, expectedVersion, version + 1);
    }
    this.sequence++;
    const indexName = `${String(this.lastMs).padStart(13, '0')}-${String(this.sequence).padStart(9, '0')}-${token.slice(0, 8)}.json`;
    await this.objects
      .putText(this.layout.address('work', INDEX_FOLDER + indexName), body, JSON_TYPE)
      .catch(() => undefined);
    return { nextExpectedVersion: version + events.length };
  }

  async readStream(stream: string): Promise<StreamRead> {
    const keys = await this.keysUnder(this.layout.address('work', streamFolder(stream)).key);
    const appends = await this.readAll(keys);
    const events = appends.flatMap((append) => append.events);
    return { events, version: events.length };
  }

  async listStreams(prefix: string): Promise<readonly string[]> {
    const root = this.layout.address('work', 'journal/').key;
    const folders = await this.objects.folders(this.layout.buckets.work, root + encodeURIComponent(prefix));
    return folders
      .map((folder) => decodeURIComponent(folder.slice(root.length, -1)))
      .filter((stream) => stream.startsWith(prefix))
      .sort();
  }

  async readStreams(prefix: string): Promise<ReadonlyMap<string, StreamRead>> {
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
    const appends = await this.readKept([...byStream.values()].flat());
    const read = new Map<string, StreamRead>();
    for (const stream of [...byStream.keys()].sort()) {
      const keys = (byStream.get(stream) ?? []).map((object) => object.key).sort();
      const events = keys.flatMap((key) => appends.get(key)?.events ?? []);
      if (events.length > 0) read.set(stream, { events, version: events.length });
    }
    return read;
  }

  async tail(limit: number): Promise<readonly JournalEntry[]> {
    if (limit <= 0) return [];
    const root = this.layout.address('work', INDEX_FOLDER).key;
    const now = this.clock.now();
    let keys: string[] = [];
    for (const window of TAIL_WINDOWS) {
      const since = now - window;
      const startAfter =
        Number.isFinite(since) && since > 0 ? root + String(since).padStart(13, '0') : undefined;
      keys = await this.keysUnder(root, startAfter);
      if (keys.length >= limit) break;
    }
    // Each object holds at least one event, so the last `limit` objects hold enough entries.
    const appends = await this.readAll(keys.slice(-limit));
    const entries = appends.flatMap((append) =>
      append.events.map((event) => ({ stream: append.stream, event, recordedAt: append.recordedAt })),
    );
    return entries.slice(-limit);
  }

  /** Whether the object in place is the one this writer wrote (checked after the settle time). */
  private async isOwn(key: string, token: string): Promise<boolean> {
    if (this.settleMs > 0) await sleep(this.settleMs);
    const [back] = await this.readAll([key]);
    return back?.token === token;
  }

  private async keysUnder(prefix: string, startAfter?: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const object of this.objects.list(this.layout.buckets.work, prefix, startAfter)) {
      if (object.key.endsWith('.json')) keys.push(object.key);
    }
    return keys.sort();
  }

  /** The listed appends, read again only when not kept under the same entity tag. */
  private async readKept(listed: readonly ListedObject[]): Promise<Map<string, AppendObject>> {
    const found = new Map<string, AppendObject>();
    const missing: ListedObject[] = [];
    for (const object of listed) {
      const kept = this.kept.get(object.key);
      if (kept !== undefined && object.etag !== undefined && kept.etag === object.etag) {
        this.kept.delete(object.key);
        this.kept.set(object.key, kept);
        found.set(object.key, kept.append);
      } else missing.push(object);
    }
    const read = await this.readAll(missing.map((object) => object.key));
    missing.forEach((object, i) => {
      const append = read[i] as AppendObject;
      found.set(object.key, append);
      // An append gone between the listing and the read is not kept: only what was read is.
      if (object.etag === undefined || append.stream === '') return;
      this.kept.set(object.key, { etag: object.etag, append });
      if (this.kept.size > KEPT_APPENDS) this.kept.delete(this.kept.keys().next().value as string);
    });
    return found;
  }

  private async readAll(keys: readonly string[]): Promise<AppendObject[]> {
    return mapWithConcurrency(keys, READ_CONCURRENCY, async (key) => {
      const object = await this.objects.readText({ bucket: this.layout.buckets.work, key });
      if (object === undefined) return { stream: '', recordedAt: 0, events: [] };
      try {
        return JSON.parse(object.text) as AppendObject;
      } catch (error) {
        throw new LocusError('CORRUPT_OBJECT', `journal object ${key} is not valid JSON`, { cause: error });
      }
    });
  }
}
