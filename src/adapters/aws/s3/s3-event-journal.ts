import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../../../application/tokens';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import type { LocusEvent } from '../../../domain';
import type { Clock, EventJournal, JournalEntry } from '../../../ports';
import { LocusError } from '../../../ports/errors';
import { AWS_TOKENS } from '../aws-tokens';
import { mapWithConcurrency } from '../concurrency';
import { S3Layout } from './s3-layout';
import { S3Objects } from './s3-objects';

/** One append: the object's whole content. */
interface AppendObject {
  readonly stream: string;
  readonly recordedAt: number;
  readonly events: readonly LocusEvent[];
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
const INDEX_FOLDER = 'journal-index/';

/**
 * The event journal in the work bucket: one object per append, holding all of its events, at
 * `journal/<stream>/<13-digit epoch ms>-<sequence>-<writer>.json`, so a stream reads back in key
 * order. Each append is also written under `journal-index/<ms>-…` so that `tail` lists only the
 * recent keys instead of every stream. Order within a stream is exact for one writer; two writers
 * appending to one stream in the same millisecond are ordered by their writer ids.
 */
@injectable()
export class S3EventJournal implements EventJournal {
  private readonly layout: S3Layout;
  private readonly objects: S3Objects;
  private readonly writer = randomBytes(4).toString('hex');
  private sequence = 0;
  private lastMs = 0;

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(client);
  }

  /** Writes the events as one object (all or none), then its index entry. */
  async append(stream: string, events: readonly LocusEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (stream === '') throw new LocusError('STORE_UNAVAILABLE', 'a journal stream needs a name');
    this.lastMs = Math.max(this.lastMs, this.clock.now());
    this.sequence++;
    const name = `${String(this.lastMs).padStart(13, '0')}-${String(this.sequence).padStart(9, '0')}-${this.writer}.json`;
    const body = JSON.stringify({ stream, recordedAt: this.lastMs, events } satisfies AppendObject);
    const entry = this.layout.address('work', streamFolder(stream) + name);
    await this.objects.putText(entry, body, JSON_TYPE);
    try {
      await this.objects.putText(this.layout.address('work', INDEX_FOLDER + name), body, JSON_TYPE);
    } catch (error) {
      await this.objects.delete(entry).catch(() => undefined);
      throw error;
    }
  }

  async readStream(stream: string): Promise<readonly LocusEvent[]> {
    const keys = await this.keysUnder(this.layout.address('work', streamFolder(stream)).key);
    const appends = await this.readAll(keys);
    return appends.flatMap((append) => append.events);
  }

  async listStreams(prefix: string): Promise<readonly string[]> {
    const root = this.layout.address('work', 'journal/').key;
    const folders = await this.objects.folders(this.layout.buckets.work, root + encodeURIComponent(prefix));
    return folders
      .map((folder) => decodeURIComponent(folder.slice(root.length, -1)))
      .filter((stream) => stream.startsWith(prefix))
      .sort();
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

  private async keysUnder(prefix: string, startAfter?: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const object of this.objects.list(this.layout.buckets.work, prefix, startAfter)) {
      if (object.key.endsWith('.json')) keys.push(object.key);
    }
    return keys.sort();
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
