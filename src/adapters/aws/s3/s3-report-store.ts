import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import { type CalendarDate, isCalendarDate } from '../../../domain';
import {
  type PublishedFile,
  type PublishedReport,
  type ReportFiles,
  type ReportFormat,
  type ReportStore,
  reportContentType,
  reportKey,
} from '../../../ports';
import { AWS_TOKENS } from '../aws-tokens';
import { S3Layout } from './s3-layout';
import { S3Objects } from './s3-objects';

const REPORT_NAME = /^locations-(\d{4}-\d{2}-\d{2})\.(csv|parquet)$/;

/**
 * The daily reports in the download bucket, `download/locations-YYYY-MM-DD.csv` and `.parquet`
 * beside it. Each is streamed up and replaced whole; the Parquet is uploaded once every piece of
 * the CSV is stored, and the CSV's upload completed last, so a CSV that fails on the way leaves
 * both as they were. A report's location is its `s3://` URI.
 */
@injectable()
export class S3ReportStore implements ReportStore {
  private readonly layout: S3Layout;
  private readonly objects: S3Objects;

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
  ) {
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(client);
  }

  async publish(date: CalendarDate, files: ReportFiles): Promise<PublishedReport> {
    let parquet: PublishedFile | undefined;
    const uploadParquet = async (): Promise<void> => {
      if (files.parquet === undefined) return;
      const bytes = await this.objects.upload(
        this.layout.address('download', reportKey(date, 'parquet')),
        files.parquet.bytes,
        reportContentType('parquet'),
      );
      parquet = { location: this.layout.uri('download', reportKey(date, 'parquet')), bytes };
    };
    const bytes = await this.objects.upload(
      this.layout.address('download', reportKey(date)),
      files.csv.bytes,
      reportContentType('csv'),
      files.parquet === undefined ? {} : { beforeComplete: uploadParquet },
    );
    return {
      date,
      location: this.layout.uri('download', reportKey(date)),
      bytes,
      ...(parquet === undefined ? {} : { parquet }),
    };
  }

  async open(
    date: CalendarDate,
    format: ReportFormat = 'csv',
  ): Promise<AsyncIterable<Uint8Array> | undefined> {
    return this.objects.open(this.layout.address('download', reportKey(date, format)));
  }

  async list(): Promise<readonly PublishedReport[]> {
    const folder = this.layout.address('download', 'download/').key;
    const found = new Map<CalendarDate, Partial<Record<ReportFormat, number>>>();
    for await (const object of this.objects.list(this.layout.buckets.download, folder)) {
      const match = REPORT_NAME.exec(object.key.slice(folder.length));
      const date = match?.[1];
      if (date === undefined || !isCalendarDate(date)) continue;
      found.set(date, { ...found.get(date), [match?.[2] as ReportFormat]: object.size });
    }
    const reports: PublishedReport[] = [];
    for (const [date, sizes] of found) {
      if (sizes.csv === undefined) continue;
      reports.push({
        date,
        location: this.layout.uri('download', reportKey(date)),
        bytes: sizes.csv,
        ...(sizes.parquet === undefined
          ? {}
          : {
              parquet: {
                location: this.layout.uri('download', reportKey(date, 'parquet')),
                bytes: sizes.parquet,
              },
            }),
      });
    }
    return reports.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
}
