import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import type { LocationRecord } from '../../../domain';
import type { BatchArchive } from '../../../ports';
import { AWS_TOKENS } from '../aws-tokens';
import { S3BatchObjects } from './s3-batch-objects';

const ARCHIVE = 'archive/work/';
const archivedKey = (batchId: string): string => `${ARCHIVE}${batchId}.csv`;

/** The kept batches in the work bucket, `archive/work/<id>.csv`, each replaced whole. */
@injectable()
export class S3BatchArchive implements BatchArchive {
  private readonly batches: S3BatchObjects;

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
  ) {
    this.batches = new S3BatchObjects(client, config);
  }

  async list(): Promise<readonly string[]> {
    return this.batches.idsUnder(ARCHIVE);
  }

  read(batchId: string): AsyncIterable<readonly LocationRecord[]> {
    return this.batches.read(archivedKey(batchId), `no kept batch ${batchId} (${archivedKey(batchId)})`);
  }

  async replace(batchId: string, records: readonly LocationRecord[]): Promise<void> {
    await this.batches.write(archivedKey(batchId), records);
  }
}
