import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  type RedshiftDataClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-redshift-data';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import type { AwsStub } from 'aws-sdk-client-mock';
import { parquetFromCsvSql } from '../../../src/adapters/local/duckdb-report-sql';
import { CsvRowReader, encodeCsvRow, LOCATION_CSV_HEADER, neutraliseCell } from '../../../src/domain';

const parseS3Uri = (uri: string): { bucket: string; key: string } => {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (match === null) throw new Error(`not an s3 URI: ${uri}`);
  return { bucket: match[1] as string, key: match[2] as string };
};

/** The rows as Redshift's typed Parquet UNLOAD writes them (DuckDB stands in for it). */
const parquetOf = async (rows: readonly string[][]): Promise<Buffer> => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-unload-'));
  const instance = await DuckDBInstance.create(':memory:', { preserve_insertion_order: 'true' });
  const connection = await instance.connect();
  try {
    const csv = path.join(dir, 'rows.csv');
    const lines = rows.map(
      (row) => `${encodeCsvRow([row[0] as string, neutraliseCell(row[1] as string), ...row.slice(2)])}\r\n`,
    );
    await fs.writeFile(csv, `${LOCATION_CSV_HEADER}\r\n${lines.join('')}`);
    await connection.run(parquetFromCsvSql(csv, path.join(dir, 'rows.parquet')));
    return await fs.readFile(path.join(dir, 'rows.parquet'));
  } finally {
    connection.closeSync();
    instance.closeSync();
    await fs.rm(dir, { recursive: true, force: true });
  }
};

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Stands in for Redshift in tests: remembers the partition locations `ALTER TABLE … ADD PARTITION`
 * registers, and answers an `UNLOAD` as Spectrum would over an all-VARCHAR external table: it
 * reads the date's part objects from S3 as text rows, keeps each record_id's earliest
 * received_at, orders by device_id, recorded_at, record_id (text, byte order) and writes one CSV
 * file with a header under the UNLOAD target, or, for `FORMAT AS PARQUET`, one typed Parquet file.
 */
export class SimulatedSpectrum {
  private readonly partitions = new Map<string, string>();
  readonly statements: string[] = [];

  constructor(private readonly s3: S3Client) {}

  /** Makes a mocked Redshift Data API client run every statement here, each finished at once. */
  answerFor(
    redshift: AwsStub<ServiceInputTypes, ServiceOutputTypes, RedshiftDataClientResolvedConfig>,
  ): void {
    let statements = 0;
    redshift.on(ExecuteStatementCommand).callsFake(async (input: { Sql: string }) => {
      await this.execute(input.Sql);
      return { Id: `statement-${++statements}` };
    });
    redshift.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
  }

  async execute(sql: string): Promise<void> {
    this.statements.push(sql);
    const alter =
      /^ALTER TABLE \w+\.locations ADD IF NOT EXISTS PARTITION \(dt='([\d-]+)'\) LOCATION '([^']+)'$/.exec(
        sql,
      );
    if (alter !== null) {
      if (!this.partitions.has(alter[1] as string))
        this.partitions.set(alter[1] as string, alter[2] as string);
      return;
    }
    const unload =
      /^UNLOAD \('.*WHERE dt = ''([\d-]+)''.*'\) TO '([^']+)' IAM_ROLE '[^']+' (FORMAT CSV HEADER|FORMAT AS PARQUET) PARALLEL OFF (?:MAXFILESIZE 6\.2 GB )?ALLOWOVERWRITE MANIFEST VERBOSE$/.exec(
        sql,
      );
    if (unload === null) throw new Error(`unexpected statement: ${sql}`);
    const rows = await this.rowsOf(unload[1] as string);
    const target = parseS3Uri(unload[2] as string);
    const body =
      unload[3] === 'FORMAT AS PARQUET'
        ? await parquetOf(rows)
        : `${[LOCATION_CSV_HEADER, ...rows.map((row) => encodeCsvRow(row))].join('\n')}\n`;
    await this.s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: `${target.key}000`, Body: body }));
    const manifest = {
      entries: [{ url: `s3://${target.bucket}/${target.key}000`, meta: { record_count: rows.length } }],
      meta: { record_count: rows.length },
    };
    await this.s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: `${target.key}manifest`,
        Body: JSON.stringify(manifest),
      }),
    );
  }

  private async rowsOf(date: string): Promise<string[][]> {
    const location = this.partitions.get(date);
    if (location === undefined) throw new Error(`partition ${date} was never registered`);
    const folder = parseS3Uri(location);
    const listed = await this.s3.send(
      new ListObjectsV2Command({ Bucket: folder.bucket, Prefix: folder.key }),
    );
    const earliest = new Map<string, string[]>();
    for (const object of listed.Contents ?? []) {
      const body = await this.s3.send(new GetObjectCommand({ Bucket: folder.bucket, Key: object.Key }));
      const rows: string[][] = [];
      const reader = new CsvRowReader();
      reader.push(await (body.Body as { transformToString(): Promise<string> }).transformToString(), rows);
      reader.end(rows);
      for (const row of rows) {
        const seen = earliest.get(row[0] as string);
        if (seen === undefined || byteOrder(row[9] as string, seen[9] as string) < 0)
          earliest.set(row[0] as string, row);
      }
    }
    return [...earliest.values()].sort(
      (a, b) =>
        byteOrder(a[1] as string, b[1] as string) ||
        byteOrder(a[2] as string, b[2] as string) ||
        byteOrder(a[0] as string, b[0] as string),
    );
  }
}
