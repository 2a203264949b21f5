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
import { type AppendObject, readAppends, streamFolder } from './s3-journal-appends';
import { S3JournalStreams } from './s3-journal-streams';
import { S3Layout } from './s3-layout';
import { S3Objects } from './s3-objects';

const JSON_TYPE = 'application/json';
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

const INDEX_FOLDER = 'journal-index/';
/** `v` + the first version, 10 digits: sorts after the time-named appends of older journals. */
const versionName = (firstVersion: number): string => `v${String(firstVersion).padStart(10, '0')}.json`;

/**
 * The event journal in the work bucket: one object per append, holding all of its events, named by
 * the version of its first event (`journal/<stream>/v0000000001.json`), so a stream reads back in
 * key order. An append finds the version from those names and the last append's events (one GET,
 * however long the stream), and at version N writes `v<N+1>` with `If-None-Match: *`: of two writers that
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
  private readonly streams: S3JournalStreams;
  /** Per stream, its last append this journal read or wrote and the version it ends at. */
  private readonly ends = new Map<string, { readonly key: string; readonly version: number }>();

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(client);
    this.settleMs = config.lockSettleMs;
    this.streams = new S3JournalStreams(this.layout, this.objects);
  }

  async append(
    stream: string,
    events: readonly LocusEvent[],
    expectedVersion: ExpectedStreamVersion,
  ): Promise<AppendResult> {
    if (stream === '') throw new LocusError('STORE_UNAVAILABLE', 'a journal stream needs a name');
    const version = await this.versionOf(stream);
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
    this.ends.set(stream, { key: entry.key, version: version + events.length });
    this.sequence++;
    const indexName = `${String(this.lastMs).padStart(13, '0')}-${String(this.sequence).padStart(9, '0')}-${token.slice(0, 8)}.json`;
    await this.objects
      .putText(this.layout.address('work', INDEX_FOLDER + indexName), body, JSON_TYPE)
      .catch(() => undefined);
    return { nextExpectedVersion: version + events.length };
  }

  async readStream(stream: string): Promise<StreamRead> {
    const keys = await this.keysUnder(this.layout.address('work', streamFolder(stream)).key);
    const appends = await readAppends(this.objects, this.layout.buckets.work, keys);
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

  readStreams(prefix: string): Promise<ReadonlyMap<string, StreamRead>> {
    return this.streams.read(prefix);
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
    const appends = await readAppends(this.objects, this.layout.buckets.work, keys.slice(-limit));
    const entries = appends.flatMap((append) =>
      append.events.map((event) => ({ stream: append.stream, event, recordedAt: append.recordedAt })),
    );
    return entries.slice(-limit);
  }

  /**
   * A stream's version without reading its events: the name of its last append gives that append's
   * first version, and only that append is read for how many events it holds. The listing starts
   * after the last append this journal knew of (appends are never changed or removed). A stream of
   * an older journal, whose appends are named by time, is read whole.
   */
  private async versionOf(stream: string): Promise<number> {
    const folder = this.layout.address('work', streamFolder(stream)).key;
    const known = this.ends.get(stream);
    const last = (await this.keysUnder(folder, known?.key)).at(-1);
    if (last === undefined) return known?.version ?? 0;
    const first = /^v(\d{10})\.json$/.exec(last.slice(folder.length));
    const [append] = first === null ? [] : await readAppends(this.objects, this.layout.buckets.work, [last]);
    if (first === null || append === undefined || append.stream === '') {
      return (await this.readStream(stream)).version;
    }
    const version = Number(first[1]) + append.events.length - 1;
    this.ends.set(stream, { key: last, version });
    return version;
  }

  /** Whether the object in place is the one this writer wrote (checked after the settle time). */
  private async isOwn(key: string, token: string): Promise<boolean> {
    if (this.settleMs > 0) await sleep(this.settleMs);
    const [back] = await readAppends(this.objects, this.layout.buckets.work, [key]);
    return back?.token === token;
  }

  private async keysUnder(prefix: string, startAfter?: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const object of this.objects.list(this.layout.buckets.work, prefix, startAfter)) {
      if (object.key.endsWith('.json')) keys.push(object.key);
    }
    return keys.sort();
  }
}
