import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import type { LocationRecord } from '../../../domain';
import { type BatchArchive, LocusError } from '../../../ports';
import { AWS_TOKENS } from '../aws-tokens';
import { asChunks, decodeRecordObject, encodeRecordChunks } from './record-object-codec';
import { S3Layout } from './s3-layout';
import { S3Objects } from './s3-objects';

const CSV = 'text/csv; charset=utf-8';
const ARCHIVE = 'archive/work/';

/** The kept batches in the work bucket, `archive/work/<id>.csv`; a replacement is one PUT. */
@injectable()
export class S3BatchArchive implements BatchArchive {
  private readonly layout: S3Layout;
  private readonly objects: S3Objects;

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
  ) {
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(client);
  }

  async list(): Promise<readonly string[]> {
    const prefix = this.layout.address('work', ARCHIVE).key;
    const ids: string[] = [];
    for await (const object of this.objects.list(this.layout.buckets.work, prefix)) {
      const name = object.key.slice(prefix.length);
      if (!name.includes('/') && name.endsWith('.csv')) ids.push(name.slice(0, -'.csv'.length));
    }
    return ids.sort();
  }

  async *read(batchId: string): AsyncIterable<readonly LocationRecord[]> {
    const at = this.layout.address('work', `${ARCHIVE}${batchId}.csv`);
    const bytes = await this.objects.open(at);
    if (bytes === undefined)
      throw new LocusError('OBJECT_NOT_FOUND', `no kept batch ${batchId} (${ARCHIVE}${batchId}.csv)`);
    yield* decodeRecordObject(bytes, `s3://${at.bucket}/${at.key}`);
  }

  async replace(batchId: string, records: readonly LocationRecord[]): Promise<void> {
    await this.objects.upload(
      this.layout.address('work', `${ARCHIVE}${batchId}.csv`),
      encodeRecordChunks(asChunks(records), { count: 0 }),
      CSV,
    );
  }
}
