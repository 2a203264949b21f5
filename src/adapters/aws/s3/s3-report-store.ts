import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import { type CalendarDate, isCalendarDate } from '../../../domain';
import { type PublishedReport, type ReportStore, reportKey } from '../../../ports';
import { AWS_TOKENS } from '../aws-tokens';
import { S3Layout } from './s3-layout';
import { S3Objects } from './s3-objects';

const REPORT_NAME = /^locations-(\d{4}-\d{2}-\d{2})\.csv$/;

/**
 * The daily reports in the download bucket, `download/locations-YYYY-MM-DD.csv`. A report is
 * streamed up and replaced whole; its location is its `s3://` URI.
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

  async publish(date: CalendarDate, csv: AsyncIterable<string>): Promise<PublishedReport> {
    const bytes = await this.objects.upload(
      this.layout.address('download', reportKey(date)),
      csv,
      'text/csv; charset=utf-8',
    );
    return { date, location: this.layout.uri('download', reportKey(date)), bytes };
  }

  async open(date: CalendarDate): Promise<AsyncIterable<Uint8Array> | undefined> {
    return this.objects.open(this.layout.address('download', reportKey(date)));
  }

  async list(): Promise<readonly PublishedReport[]> {
    const folder = this.layout.address('download', 'download/').key;
    const reports: PublishedReport[] = [];
    for await (const object of this.objects.list(this.layout.buckets.download, folder)) {
      const match = REPORT_NAME.exec(object.key.slice(folder.length));
      const date = match?.[1];
      if (date !== undefined && isCalendarDate(date)) {
        reports.push({ date, location: this.layout.uri('download', reportKey(date)), bytes: object.size });
      }
    }
    return reports.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
}
