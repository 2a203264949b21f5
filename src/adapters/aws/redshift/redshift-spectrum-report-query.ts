import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import {
  type AwsAdapterConfig,
  type AwsRedshiftConfig,
  requireRedshiftConfig,
} from '../../../config/aws-config';
import { type CalendarDate, isCalendarDate, type LocationRecord } from '../../../domain';
import type { Clock, IdSource, ReportQuery } from '../../../ports';
import { LocusError } from '../../../ports/errors';
import { TOKENS } from '../../../ports/tokens';
import { AWS_TOKENS } from '../aws-tokens';
import { decodeRecordObject } from '../s3/record-object-codec';
import { S3Layout } from '../s3/s3-layout';
import { S3Objects } from '../s3/s3-objects';
import { partitionFolder } from '../s3/s3-partition-store';
import { RedshiftStatementRunner } from './redshift-statement-runner';
import { addPartitionSql, reportSelectSql, unloadSql } from './spectrum-sql';
import { parseUnloadManifest, type UnloadManifest } from './unload-manifest';

/** The S3 folder (contract-style key) that one run's UNLOAD output goes to. */
export const unloadFolder = (date: CalendarDate, runId: string): string => `unload/${date}/${runId}/`;

/**
 * The day's rows from Redshift Spectrum over the storage partitions. It registers the date's
 * partition on the external table, then UNLOADs the de-duplicated, ordered rows as one CSV file
 * (PARALLEL OFF) under `unload/<date>/<run>/` in the storage bucket and streams it back: the Data
 * API caps a result at a few hundred MB, a peak day is larger. What is streamed is what the UNLOAD's
 * manifest lists, each file checked against its row count: a statement that finished without
 * leaving its files (or its manifest) fails the query instead of yielding fewer rows. The unloaded
 * files are deleted once read to the end.
 */
@injectable()
export class RedshiftSpectrumReportQuery implements ReportQuery {
  private readonly redshift: AwsRedshiftConfig;
  private readonly runner: RedshiftStatementRunner;
  private readonly layout: S3Layout;
  private readonly objects: S3Objects;

  constructor(
    @inject(AWS_TOKENS.RedshiftDataClient) client: RedshiftDataClient,
    @inject(AWS_TOKENS.S3Client) s3: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
    @inject(TOKENS.Clock) clock: Clock,
    @inject(TOKENS.IdSource) private readonly ids: IdSource,
  ) {
    this.redshift = requireRedshiftConfig(config);
    this.runner = new RedshiftStatementRunner(client, this.redshift, clock);
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(s3);
  }

  async *rowsFor(date: CalendarDate): AsyncIterable<readonly LocationRecord[]> {
    if (!isCalendarDate(date))
      throw new LocusError('QUERY_FAILED', `"${date}" is not a date of the form YYYY-MM-DD`);
    const { schema, unloadRoleArn } = this.redshift;
    await this.runner.run(
      addPartitionSql(schema, date, this.layout.uri('storage', partitionFolder(date))),
      `locus-partition-${date}`,
    );
    const folder = unloadFolder(date, this.ids.next());
    await this.runner.run(
      unloadSql(reportSelectSql(schema, date), this.layout.uri('storage', folder), unloadRoleArn),
      `locus-report-${date}`,
    );
    const bucket = this.layout.buckets.storage;
    const manifestKey = `${this.layout.address('storage', folder).key}manifest`;
    const manifest = await this.manifest(bucket, manifestKey);
    for (const file of manifest.files) {
      const where = `s3://${bucket}/${file.key}`;
      const bytes = await this.objects.open({ bucket, key: file.key });
      if (bytes === undefined) throw new LocusError('QUERY_FAILED', `the unloaded file ${where} is missing`);
      let rows = 0;
      for await (const chunk of decodeRecordObject(bytes, where)) {
        rows += chunk.length;
        yield chunk;
      }
      if (rows !== file.rows) {
        throw new LocusError(
          'QUERY_FAILED',
          `the unloaded file ${where} holds ${rows} rows, its manifest ${file.rows}`,
        );
      }
    }
    const keys = [...manifest.files.map((file) => file.key), manifestKey];
    await Promise.all(keys.map((key) => this.objects.delete({ bucket, key }).catch(() => undefined)));
  }

  private async manifest(bucket: string, key: string): Promise<UnloadManifest> {
    const object = await this.objects.readText({ bucket, key });
    if (object === undefined) {
      throw new LocusError(
        'QUERY_FAILED',
        `the UNLOAD finished but left no manifest at s3://${bucket}/${key}: its output cannot be trusted`,
      );
    }
    return parseUnloadManifest(object.text, bucket, `s3://${bucket}/${key}`);
  }
}
