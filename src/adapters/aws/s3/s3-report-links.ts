import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import { type CalendarDate, calendarDate } from '../../../domain';
import { type Clock, LocusError, type ReportFormat, type ReportLinks, reportKey } from '../../../ports';
import { TOKENS } from '../../../ports/tokens';
import { translateAwsError } from '../aws-errors';
import { AWS_TOKENS } from '../aws-tokens';
import { S3Layout } from './s3-layout';

/** S3 accepts presigned URLs valid for at most seven days. */
const MAX_SECONDS = 7 * 86_400;

/**
 * S3 presigned `GET` URLs of the reports in the (private) download bucket: whoever holds one can
 * fetch that one object until it expires, and nothing else.
 */
@injectable()
export class S3PresignedReportLinks implements ReportLinks {
  private readonly layout: S3Layout;

  constructor(
    @inject(AWS_TOKENS.S3Client) private readonly client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.layout = S3Layout.of(config);
  }

  /** A URL of the day's report, signed now (the clock's time) and valid until `expiresAt`. */
  async linkFor(date: CalendarDate, expiresAt: number, format: ReportFormat = 'csv'): Promise<string> {
    const now = this.clock.now();
    const seconds = Math.ceil((expiresAt - now) / 1000);
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new LocusError('CONFIGURATION', `an S3 presigned link lives 1 s to 7 days, not ${seconds} s`);
    }
    const { bucket, key } = this.layout.address('download', reportKey(calendarDate(date), format));
    try {
      return await getSignedUrl(this.client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
        expiresIn: seconds,
        signingDate: new Date(now),
      });
    } catch (error) {
      throw translateAwsError(error, 'STORE_UNAVAILABLE', `signing a link to ${key}`);
    }
  }
}
