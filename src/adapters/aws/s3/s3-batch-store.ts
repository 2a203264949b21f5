import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import type { LocationRecord } from '../../../domain';
import type { BatchStore } from '../../../ports';
import { LocusError } from '../../../ports/errors';
import { AWS_TOKENS } from '../aws-tokens';
import { asChunks, decodeRecordObject, encodeRecordChunks } from './record-object-codec';
import { S3Layout } from './s3-layout';
import { S3Objects } from './s3-objects';

const CSV = 'text/csv; charset=utf-8';
const pendingKey = (batchId: string): string => `work/${batchId}.csv`;
const archivedKey = (batchId: string): string => `archive/work/${batchId}.csv`;
const quarantinedKey = (batchId: string): string => `quarantine/work/${batchId}.csv`;
const reasonKey = (batchId: string): string => `quarantine/work/${batchId}.reason.txt`;

/**
 * The batch objects in the work bucket: `work/<id>.csv` while pending. Marking one done or
 * quarantining it is a copy (to `archive/work/` or `quarantine/work/`) followed by a delete, so
 * a crash in between leaves the batch in both places: still pending, and simply done again.
 */
@injectable()
export class S3BatchStore implements BatchStore {
  private readonly layout: S3Layout;
  private readonly objects: S3Objects;

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
  ) {
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(client);
  }

  async put(batchId: string, records: readonly LocationRecord[]): Promise<void> {
    await this.objects.upload(
      this.layout.address('work', pendingKey(batchId)),
      encodeRecordChunks(asChunks(records), { count: 0 }),
      CSV,
    );
  }

  async listPending(): Promise<readonly string[]> {
    return this.idsUnder('work/');
  }

  async *read(batchId: string): AsyncIterable<readonly LocationRecord[]> {
    const at = this.layout.address('work', pendingKey(batchId));
    const bytes = await this.objects.open(at);
    if (bytes === undefined) {
      throw new LocusError('OBJECT_NOT_FOUND', `batch ${batchId} is not pending (no ${pendingKey(batchId)})`);
    }
    yield* decodeRecordObject(bytes, `s3://${at.bucket}/${at.key}`);
  }

  async markDone(batchId: string): Promise<void> {
    await this.moveOut(batchId, archivedKey(batchId));
  }

  async quarantine(batchId: string, reason: string): Promise<void> {
    await this.objects.putText(
      this.layout.address('work', reasonKey(batchId)),
      `${reason}\n`,
      'text/plain; charset=utf-8',
    );
    await this.moveOut(batchId, quarantinedKey(batchId));
  }

  async quarantined(): Promise<readonly string[]> {
    return this.idsUnder('quarantine/work/');
  }

  /** Copies the pending object to `target`, then deletes it; a batch no longer pending is left as is. */
  private async moveOut(batchId: string, target: string): Promise<void> {
    const from = this.layout.address('work', pendingKey(batchId));
    if (!(await this.objects.copy(from, this.layout.address('work', target)))) return;
    await this.objects.delete(from);
  }

  /** Batch ids of the `.csv` objects right under a folder, in id order. */
  private async idsUnder(folder: string): Promise<string[]> {
    const prefix = this.layout.address('work', folder).key;
    const ids: string[] = [];
    for await (const object of this.objects.list(this.layout.buckets.work, prefix)) {
      const name = object.key.slice(prefix.length);
      if (!name.includes('/') && name.endsWith('.csv')) ids.push(name.slice(0, -'.csv'.length));
    }
    return ids.sort();
  }
}
