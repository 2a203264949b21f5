import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import { type CalendarDate, calendarDate, isCalendarDate } from '../../../domain';
import { type RejectedItem, type RejectedMatch, type RejectedStore, rejectedFolder } from '../../../ports';
import {
  decodeRejectedLines,
  encodeRejectedLines,
  eraseMatching,
  firstOfEach,
  REJECTED_OBJECT,
  rejectedObjectName,
} from '../../codec/rejected-lines';
import { AWS_TOKENS } from '../aws-tokens';
import { type S3Address, S3Layout } from './s3-layout';
import { S3Objects } from './s3-objects';

const DATE_FOLDER = /dt=(\d{4}-\d{2}-\d{2})\/$/;

/**
 * Rejected items in the work bucket, `rejected/dt=YYYY-MM-DD/<hash of the item ids>.jsonl`: one
 * object per refused message, written with one PUT (durable once S3 answers).
 */
@injectable()
export class S3RejectedStore implements RejectedStore {
  private readonly layout: S3Layout;
  private readonly objects: S3Objects;

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
  ) {
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(client);
  }

  async keep(date: CalendarDate, items: readonly RejectedItem[]): Promise<void> {
    if (items.length === 0) return;
    const at = this.layout.address(
      'work',
      `${rejectedFolder(calendarDate(date))}${rejectedObjectName(items)}`,
    );
    // Only if absent: a resent message's items are kept already, with their first arrival.
    if ((await this.objects.readText(at)) !== undefined) return;
    await this.objects.putText(at, encodeRejectedLines(items), 'application/x-ndjson; charset=utf-8', {
      ifAbsent: true,
    });
  }

  async list(date: CalendarDate): Promise<readonly RejectedItem[]> {
    return firstOfEach((await this.read(date)).flatMap((object) => object.items));
  }

  async count(date: CalendarDate): Promise<number> {
    return (await this.list(date)).length;
  }

  async dates(): Promise<readonly CalendarDate[]> {
    const folder = this.layout.address('work', 'rejected/');
    const dates = (await this.objects.folders(folder.bucket, folder.key)).flatMap(
      (prefix) => DATE_FOLDER.exec(prefix)?.[1] ?? [],
    );
    return dates.filter(isCalendarDate).sort();
  }

  erase(date: CalendarDate, match: RejectedMatch): Promise<number> {
    return this.read(date).then((objects) =>
      eraseMatching(objects, match, async (object, kept) => {
        if (kept.length > 0) await this.keep(date, kept);
        await this.objects.delete(object.at);
      }),
    );
  }

  private async read(date: CalendarDate): Promise<{ at: S3Address; items: RejectedItem[] }[]> {
    const folder = this.layout.address('work', rejectedFolder(calendarDate(date)));
    const found: { at: S3Address; items: RejectedItem[] }[] = [];
    for await (const listed of this.objects.list(folder.bucket, folder.key)) {
      if (!REJECTED_OBJECT.test(listed.key.slice(folder.key.length))) continue;
      const at = { bucket: folder.bucket, key: listed.key };
      const object = await this.objects.readText(at);
      if (object !== undefined) found.push({ at, items: decodeRejectedLines(object.text, listed.key) });
    }
    return found;
  }
}
