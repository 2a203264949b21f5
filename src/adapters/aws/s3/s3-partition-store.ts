import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import { type CalendarDate, isCalendarDate, type LocationRecord, type PartRef } from '../../../domain';
import { confirmPartCommit, type PartitionStore, type WritePartOptions } from '../../../ports';
import { AWS_TOKENS } from '../aws-tokens';
import { decodeRecordObject, encodeRecordChunks } from './record-object-codec';
import { S3Layout } from './s3-layout';
import { S3Objects } from './s3-objects';

const two = (n: number): string => String(n).padStart(2, '0');
const PART_NAME = /^part-(\d{2})-of-(\d{2})\.csv$/;

/** The contract key of a partition's folder, `storage/dt=YYYY-MM-DD/`. */
export const partitionFolder = (date: CalendarDate): string => `storage/dt=${date}/`;

/** The contract key of one part, `storage/dt=YYYY-MM-DD/part-II-of-NN.csv`. */
export const partKey = (part: PartRef): string =>
  `${partitionFolder(part.date)}part-${two(part.index)}-of-${two(part.of)}.csv`;

/**
 * The date partitions in the storage bucket: the files of the Spectrum table `locations`. Parts
 * are streamed both ways (a day can be hundreds of MB) and replaced whole by a multipart upload
 * (one piece for a small part): S3 keeps the pieces out of sight until the upload is completed,
 * so readers see the old part or the new one.
 *
 * The commit check of a write runs once every piece is stored and before the upload is
 * completed. S3 cannot tie the completion to the check, so one window remains: a writer that
 * passes the check and then stalls for longer than its lease before S3 has carried out the
 * `CompleteMultipartUpload` request (a pause of the process, or the SDK retrying that one
 * request) still replaces the part. The window is that single request, whatever the part's size;
 * without the check it was the whole write.
 */
@injectable()
export class S3PartitionStore implements PartitionStore {
  private readonly layout: S3Layout;
  private readonly objects: S3Objects;

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
  ) {
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(client);
  }

  async listDates(): Promise<readonly CalendarDate[]> {
    const root = this.layout.address('storage', 'storage/').key;
    const folders = await this.objects.folders(this.layout.buckets.storage, root);
    return folders
      .map((folder) => folder.slice(root.length).replace(/^dt=/, '').replace(/\/$/, ''))
      .filter(isCalendarDate)
      .sort();
  }

  async listParts(date: CalendarDate): Promise<readonly PartRef[]> {
    const folder = this.layout.address('storage', partitionFolder(date)).key;
    const parts: PartRef[] = [];
    for await (const object of this.objects.list(this.layout.buckets.storage, folder)) {
      const match = PART_NAME.exec(object.key.slice(folder.length));
      if (match !== null) parts.push({ date, index: Number(match[1]), of: Number(match[2]) });
    }
    return parts.sort((a, b) => a.index - b.index || a.of - b.of);
  }

  async *readPart(part: PartRef): AsyncIterable<readonly LocationRecord[]> {
    const at = this.layout.address('storage', partKey(part));
    const bytes = await this.objects.open(at);
    if (bytes === undefined) return;
    yield* decodeRecordObject(bytes, `s3://${at.bucket}/${at.key}`);
  }

  /** Uploads the part's pieces, runs the commit check, then completes the upload (see the class). */
  async writePart(
    part: PartRef,
    records: AsyncIterable<readonly LocationRecord[]>,
    options?: WritePartOptions,
  ): Promise<{ recordCount: number }> {
    const counter = { count: 0 };
    const at = this.layout.address('storage', partKey(part));
    await this.objects.upload(at, encodeRecordChunks(records, counter), 'text/csv; charset=utf-8', {
      beforeComplete: () => confirmPartCommit(options, `s3://${at.bucket}/${at.key}`),
    });
    return { recordCount: counter.count };
  }
}
