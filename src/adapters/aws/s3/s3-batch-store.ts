import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import type { LocationRecord } from '../../../domain';
import { type BatchStore, LocusError } from '../../../ports';
import { AWS_TOKENS } from '../aws-tokens';
import { S3BatchObjects } from './s3-batch-objects';

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
  private readonly batches: S3BatchObjects;

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
  ) {
    this.batches = new S3BatchObjects(client, config);
  }

  async put(batchId: string, records: readonly LocationRecord[]): Promise<void> {
    await this.batches.write(pendingKey(batchId), records);
  }

  async listPending(): Promise<readonly string[]> {
    return this.batches.idsUnder('work/');
  }

  read(batchId: string): AsyncIterable<readonly LocationRecord[]> {
    return this.batches.read(
      pendingKey(batchId),
      `batch ${batchId} is not pending (no ${pendingKey(batchId)})`,
    );
  }

  async markDone(batchId: string): Promise<void> {
    await this.moveOut(batchId, archivedKey(batchId));
  }

  async quarantine(batchId: string, reason: string): Promise<void> {
    await this.batches.objects.putText(
      this.batches.at(reasonKey(batchId)),
      `${reason}\n`,
      'text/plain; charset=utf-8',
    );
    await this.moveOut(batchId, quarantinedKey(batchId));
  }

  async quarantined(): Promise<readonly string[]> {
    return this.batches.idsUnder('quarantine/work/');
  }

  async quarantineReason(batchId: string): Promise<string | undefined> {
    return (await this.batches.objects.readText(this.batches.at(reasonKey(batchId))))?.text.trimEnd();
  }

  /** Copies the quarantined object back under `work/`, then deletes it and its reason. */
  async restore(batchId: string): Promise<void> {
    const { objects } = this.batches;
    const from = this.batches.at(quarantinedKey(batchId));
    if (!(await objects.copy(from, this.batches.at(pendingKey(batchId)))))
      throw new LocusError(
        'OBJECT_NOT_FOUND',
        `no quarantined batch ${batchId} (${quarantinedKey(batchId)})`,
      );
    await objects.delete(from);
    await objects.delete(this.batches.at(reasonKey(batchId)));
  }

  /** Copies the pending object to `target`, then deletes it; a batch no longer pending is left as is. */
  private async moveOut(batchId: string, target: string): Promise<void> {
    const { objects } = this.batches;
    const from = this.batches.at(pendingKey(batchId));
    if (!(await objects.copy(from, this.batches.at(target)))) return;
    await objects.delete(from);
  }
}
