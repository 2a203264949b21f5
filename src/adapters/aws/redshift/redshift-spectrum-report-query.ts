import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import {
  type AwsAdapterConfig,
  type AwsRedshiftConfig,
  requireRedshiftConfig,
} from '../../../config/aws-config';
import { type CalendarDate, isCalendarDate, type LocationRecord } from '../../../domain';
import type { Clock, IdSource, ReportDraft, ReportQuery } from '../../../ports';
import { LocusError } from '../../../ports/errors';
import { TOKENS } from '../../../ports/tokens';
import { reportCsv } from '../../codec/report-csv';
import { AWS_TOKENS } from '../aws-tokens';
import { decodeRecordObject } from '../s3/record-object-codec';
import { S3Layout } from '../s3/s3-layout';
import { S3Objects } from '../s3/s3-objects';
import { partitionFolder } from '../s3/s3-partition-store';
import { RedshiftStatementRunner } from './redshift-statement-runner';
import { addPartitionSql, reportParquetSelectSql, reportSelectSql, unloadSql } from './spectrum-sql';
import { parseUnloadManifest, type UnloadManifest } from './unload-manifest';

/** An UNLOAD of one run: its manifest, and the files it lists once read. */
interface Unloaded {
  readonly runId: string;
  readonly manifestKey: string;
  readonly files: string[];
}

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
    const folder = await this.unload(date, 'csv');
    yield* this.rowsOf(await this.manifest(folder));
    await this.remove(folder);
  }

  /**
   * The CSV made from the unloaded rows (header, CRLF, as the contract writes it) and the Parquet
   * Redshift unloads from the same ordered query (`FORMAT AS PARQUET`, one file), its rows as its
   * manifest counts them. Discarding the draft deletes the unloaded files.
   */
  async draft(date: CalendarDate): Promise<ReportDraft> {
    const csvFolder = await this.unload(date, 'csv');
    const parquetFolder = await this.unload(date, 'parquet', csvFolder.runId);
    const parquet = await this.manifest(parquetFolder);
    const file = parquet.files[0];
    if (parquet.files.length !== 1 || file === undefined) {
      throw new LocusError(
        'QUERY_FAILED',
        `the Parquet UNLOAD of ${date} wrote ${parquet.files.length} files where a report is one`,
      );
    }
    const csv = reportCsv(this.rowsOf(await this.manifest(csvFolder)));
    const bucket = this.layout.buckets.storage;
    return {
      files: {
        csv: { bytes: csv.text, rows: () => csv.rows() },
        parquet: { bytes: this.objectBytes(bucket, file.key), rows: () => parquet.rows },
      },
      discard: async () => {
        await this.remove(csvFolder);
        await this.remove(parquetFolder);
      },
    };
  }

  /** Registers the date's partition and UNLOADs its report rows in `format` to a folder of the run. */
  private async unload(
    date: CalendarDate,
    format: 'csv' | 'parquet',
    runId = this.ids.next(),
  ): Promise<Unloaded> {
    if (!isCalendarDate(date))
      throw new LocusError('QUERY_FAILED', `"${date}" is not a date of the form YYYY-MM-DD`);
    const { schema, unloadRoleArn } = this.redshift;
    if (format === 'csv') {
      await this.runner.run(
        addPartitionSql(schema, date, this.layout.uri('storage', partitionFolder(date))),
        `locus-partition-${date}`,
      );
    }
    const folder = format === 'csv' ? unloadFolder(date, runId) : `${unloadFolder(date, runId)}parquet/`;
    const select = format === 'csv' ? reportSelectSql(schema, date) : reportParquetSelectSql(schema, date);
    await this.runner.run(
      unloadSql(select, this.layout.uri('storage', folder), unloadRoleArn, format),
      format === 'csv' ? `locus-report-${date}` : `locus-report-parquet-${date}`,
    );
    return { runId, manifestKey: `${this.layout.address('storage', folder).key}manifest`, files: [] };
  }

  /** The rows of the unloaded CSV files, each file checked against its manifest's row count. */
  private async *rowsOf(manifest: UnloadManifest): AsyncGenerator<readonly LocationRecord[]> {
    const bucket = this.layout.buckets.storage;
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
  }

  private async *objectBytes(bucket: string, key: string): AsyncGenerator<Uint8Array> {
    const bytes = await this.objects.open({ bucket, key });
    if (bytes === undefined)
      throw new LocusError('QUERY_FAILED', `the unloaded file s3://${bucket}/${key} is missing`);
    yield* bytes;
  }

  /** Deletes an UNLOAD's files and manifest (best effort). */
  private async remove(folder: Unloaded): Promise<void> {
    const bucket = this.layout.buckets.storage;
    const keys = [...folder.files, folder.manifestKey];
    await Promise.all(keys.map((key) => this.objects.delete({ bucket, key }).catch(() => undefined)));
  }

  private async manifest(folder: Unloaded): Promise<UnloadManifest> {
    const bucket = this.layout.buckets.storage;
    const key = folder.manifestKey;
    const object = await this.objects.readText({ bucket, key });
    if (object === undefined) {
      throw new LocusError(
        'QUERY_FAILED',
        `the UNLOAD finished but left no manifest at s3://${bucket}/${key}: its output cannot be trusted`,
      );
    }
    const manifest = parseUnloadManifest(object.text, bucket, `s3://${bucket}/${key}`);
    folder.files.push(...manifest.files.map((file) => file.key));
    return manifest;
  }
}
