import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import type { LocationRecord } from '../../../domain';
import { LocusError } from '../../../ports/errors';
import { asChunks, decodeRecordObject, encodeRecordChunks } from './record-object-codec';
import { type S3Address, S3Layout } from './s3-layout';
import { S3Objects } from './s3-objects';

const CSV = 'text/csv; charset=utf-8';

/**
 * The batch objects of the work bucket (`work/`, `archive/work/`, `quarantine/work/`: `<id>.csv`),
 * read, written and listed alike by the batch store and the batch archive.
 */
export class S3BatchObjects {
  readonly objects: S3Objects;
  private readonly layout: S3Layout;

  constructor(client: S3Client, config: AwsAdapterConfig) {
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(client);
  }

  /** The address of a contract key in the work bucket. */
  at(key: string): S3Address {
    return this.layout.address('work', key);
  }

  /** Writes a batch object whole (one PUT, or a multipart upload for a large one). */
  async write(key: string, records: readonly LocationRecord[]): Promise<void> {
    await this.objects.upload(this.at(key), encodeRecordChunks(asChunks(records), { count: 0 }), CSV);
  }

  /** A batch object's records, in chunks; `OBJECT_NOT_FOUND` with `missing` when there is no such object. */
  async *read(key: string, missing: string): AsyncGenerator<readonly LocationRecord[]> {
    const at = this.at(key);
    const bytes = await this.objects.open(at);
    if (bytes === undefined) throw new LocusError('OBJECT_NOT_FOUND', missing);
    yield* decodeRecordObject(bytes, `s3://${at.bucket}/${at.key}`);
  }

  /** Batch ids of the `.csv` objects right under a folder (`work/`, …), in id order. */
  async idsUnder(folder: string): Promise<string[]> {
    const prefix = this.at(folder).key;
    const ids: string[] = [];
    for await (const object of this.objects.list(this.layout.buckets.work, prefix)) {
      const name = object.key.slice(prefix.length);
      if (!name.includes('/') && name.endsWith('.csv')) ids.push(name.slice(0, -'.csv'.length));
    }
    return ids.sort();
  }
}
