import {
  ActiveStatementsExceededException,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  RedshiftDataClient,
  ValidationException,
} from '@aws-sdk/client-redshift-data';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { RedshiftSpectrumReportQuery } from '../../../src/adapters/aws/redshift/redshift-spectrum-report-query';
import type { AwsAdapterConfig, AwsRedshiftConfig } from '../../../src/config/aws-config';
import { encodeLocationLines, encodeReportCsv, LOCATION_CSV_HEADER } from '../../../src/domain';
import { isLocusError, type LocusError } from '../../../src/ports';
import { ManualClock } from '../../support/manual-clock';
import { readAll, someRecords } from '../../support/records';
import { readDraft } from '../../support/report-files';
import { uniqueName, useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();
const DATE = '2026-11-28';
const ROLE = 'arn:aws:iam::123456789012:role/locus-unload';

const PROVISIONED: AwsRedshiftConfig = {
  clusterIdentifier: 'locus-cluster',
  database: 'dev',
  dbUser: 'locus_report',
  unloadRoleArn: ROLE,
  schema: 'spectrum',
  pollInitialMs: 1,
  pollMaxMs: 4,
  statementTimeoutMs: 60_000,
};

// biome-ignore lint/suspicious/noExplicitAny: the stub's generic parameters are the client's own
type RedshiftStub = AwsStub<any, any, any>;

describe('RedshiftSpectrumReportQuery', () => {
  let bucket: string;
  let prefix: string;
  let client: RedshiftDataClient;
  let redshift: RedshiftStub;
  let clock: ManualClock;

  beforeEach(async () => {
    bucket = await aws.newBucket();
    prefix = `${uniqueName('t')}/`;
    client = new RedshiftDataClient({ region: 'eu-west-1' });
    redshift = mockClient(client);
    clock = new ManualClock();
  });

  afterEach(() => {
    redshift.restore();
    client.destroy();
  });

  const configWith = (redshiftConfig: AwsRedshiftConfig | undefined): AwsAdapterConfig =>
    aws.config({
      buckets: { work: 'unused', storage: bucket, download: 'unused' },
      keyPrefix: prefix,
      redshift: redshiftConfig,
    });

  const queryWith = (redshiftConfig: AwsRedshiftConfig = PROVISIONED) =>
    new RedshiftSpectrumReportQuery(client, aws.s3, configWith(redshiftConfig), clock, {
      next: () => 'run-1',
    });

  const unloadKey = (file: string) => `${prefix}unload/${DATE}/run-1/${file}`;

  /** Writes the unloaded files and the manifest that lists them (rows: lines after the header). */
  const seedUnload = async (
    files: Record<string, string>,
    manifest: 'manifest' | 'no manifest' = 'manifest',
  ) => {
    const entries = [];
    for (const [file, text] of Object.entries(files).sort()) {
      await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: unloadKey(file), Body: text }));
      const rows = text.split('\n').filter((line) => line !== '').length - 1;
      entries.push({ url: `s3://${bucket}/${unloadKey(file)}`, meta: { record_count: rows } });
    }
    if (manifest === 'no manifest') return;
    const total = entries.reduce((sum, entry) => sum + entry.meta.record_count, 0);
    const body = JSON.stringify({ entries, meta: { record_count: total } });
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: unloadKey('manifest'), Body: body }));
  };

  /** Each statement reports SUBMITTED, then STARTED, then `last`. */
  const statusesEndingWith = (last: { Status: string; Error?: string }) => {
    const seen = new Map<string, number>();
    redshift.on(DescribeStatementCommand).callsFake((input: { Id: string }) => {
      const n = (seen.get(input.Id) ?? 0) + 1;
      seen.set(input.Id, n);
      return n === 1
        ? { Id: input.Id, Status: 'SUBMITTED' }
        : n === 2
          ? { Id: input.Id, Status: 'STARTED' }
          : { Id: input.Id, ...last };
    });
  };

  const failureOf = (promise: Promise<unknown>): Promise<LocusError> =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: LocusError) => error,
    );

  it('registers the partition, unloads with the exact SQL, polls each statement to FINISHED and streams the rows', async () => {
    const records = someRecords(300, 4);
    await seedUnload({ '000': `${LOCATION_CSV_HEADER}\n${encodeLocationLines(records)}` });
    redshift.on(ExecuteStatementCommand).resolvesOnce({ Id: 'alter-1' }).resolvesOnce({ Id: 'unload-1' });
    statusesEndingWith({ Status: 'FINISHED' });

    expect(await readAll(queryWith().rowsFor(DATE))).toEqual(records);

    const target = { Database: 'dev', ClusterIdentifier: 'locus-cluster', DbUser: 'locus_report' };
    expect(redshift.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input)).toEqual([
      {
        ...target,
        StatementName: `locus-partition-${DATE}`,
        Sql:
          `ALTER TABLE spectrum.locations ADD IF NOT EXISTS PARTITION (dt='${DATE}') ` +
          `LOCATION 's3://${bucket}/${prefix}storage/dt=${DATE}/'`,
      },
      {
        ...target,
        StatementName: `locus-report-${DATE}`,
        Sql:
          "UNLOAD ('SELECT record_id, device_id, recorded_at, latitude, longitude, accuracy, altitude, speed, heading, received_at " +
          'FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY record_id ORDER BY received_at) AS rn ' +
          `FROM spectrum.locations WHERE dt = ''${DATE}'') AS copies WHERE rn = 1 ORDER BY device_id, recorded_at, record_id') ` +
          `TO 's3://${bucket}/${prefix}unload/${DATE}/run-1/' IAM_ROLE '${ROLE}' FORMAT CSV HEADER PARALLEL OFF ALLOWOVERWRITE MANIFEST VERBOSE`,
      },
    ]);
    expect(redshift.commandCalls(DescribeStatementCommand).map((call) => call.args[0].input.Id)).toEqual([
      'alter-1',
      'alter-1',
      'alter-1',
      'unload-1',
      'unload-1',
      'unload-1',
    ]);
    const left = await aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}unload/` }));
    expect(left.KeyCount ?? 0).toBe(0);
  });

  /** Writes an unloaded Parquet file (bytes) and its manifest under the run's `parquet/` folder. */
  const seedParquetUnload = async (files: Record<string, { bytes: string; rows: number }>) => {
    const entries = [];
    for (const [file, { bytes, rows }] of Object.entries(files)) {
      const key = unloadKey(`parquet/${file}`);
      await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
      entries.push({ url: `s3://${bucket}/${key}`, meta: { record_count: rows } });
    }
    const total = entries.reduce((sum, entry) => sum + entry.meta.record_count, 0);
    const body = JSON.stringify({ entries, meta: { record_count: total } });
    await aws.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: unloadKey('parquet/manifest'), Body: body }),
    );
  };

  it('drafts the CSV from the unloaded rows and the Parquet an UNLOAD … FORMAT AS PARQUET wrote, with the exact SQL', async () => {
    const records = someRecords(20, 6);
    await seedUnload({ '000': `${LOCATION_CSV_HEADER}\n${encodeLocationLines(records)}` });
    await seedParquetUnload({ '000.parquet': { bytes: 'PAR1 typed rows PAR1', rows: 20 } });
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'any' });
    redshift.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });

    const draft = await queryWith().draft(DATE);
    expect(draft.files.parquet?.rows()).toBe(20);
    expect(draft.files.csv.rows()).toBeUndefined();
    const { csv, parquet, csvRows } = await readDraft(draft);
    expect(csv).toBe(`${LOCATION_CSV_HEADER}\r\n${records.map((r) => `${encodeReportCsv(r)}\r\n`).join('')}`);
    expect(csvRows).toBe(20);
    expect(parquet.toString()).toBe('PAR1 typed rows PAR1');

    const statements = redshift.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input);
    expect(statements.map((input) => input.StatementName)).toEqual([
      `locus-partition-${DATE}`,
      `locus-report-${DATE}`,
      `locus-report-parquet-${DATE}`,
    ]);
    expect(statements[2]?.Sql).toBe(
      "UNLOAD ('SELECT record_id, CASE WHEN device_id ~ ''^[=+@\\t\\r\\-＝＋－＠]'' " +
        "AND NOT device_id ~ ''^-?[0-9]+(\\.[0-9]+)?(e[+-]?[0-9]+)?$'' THEN '''''''' || device_id ELSE device_id END AS device_id, " +
        'CAST(recorded_at AS TIMESTAMPTZ) AS recorded_at, ' +
        "CAST(NULLIF(latitude, '''') AS DOUBLE PRECISION) AS latitude, CAST(NULLIF(longitude, '''') AS DOUBLE PRECISION) AS longitude, " +
        "CAST(NULLIF(accuracy, '''') AS DOUBLE PRECISION) AS accuracy, CAST(NULLIF(altitude, '''') AS DOUBLE PRECISION) AS altitude, " +
        "CAST(NULLIF(speed, '''') AS DOUBLE PRECISION) AS speed, CAST(NULLIF(heading, '''') AS DOUBLE PRECISION) AS heading, " +
        'CAST(received_at AS TIMESTAMPTZ) AS received_at FROM (' +
        'SELECT record_id, device_id, recorded_at, latitude, longitude, accuracy, altitude, speed, heading, received_at ' +
        'FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY record_id ORDER BY received_at) AS rn ' +
        `FROM spectrum.locations WHERE dt = ''${DATE}'') AS copies WHERE rn = 1 ORDER BY device_id, recorded_at, record_id) AS report') ` +
        `TO 's3://${bucket}/${prefix}unload/${DATE}/run-1/parquet/' IAM_ROLE '${ROLE}' ` +
        'FORMAT AS PARQUET PARALLEL OFF MAXFILESIZE 6.2 GB ALLOWOVERWRITE MANIFEST VERBOSE',
    );
    await draft.discard();
    const left = await aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}unload/` }));
    expect(left.KeyCount ?? 0).toBe(0);
  });

  it('fails with QUERY_FAILED when the Parquet UNLOAD wrote more than one file or left no manifest', async () => {
    await seedUnload({ '000': `${LOCATION_CSV_HEADER}\n${encodeLocationLines(someRecords(4, 1))}` });
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'any' });
    redshift.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
    const missing = await failureOf(queryWith().draft(DATE));
    expect(missing.code).toBe('QUERY_FAILED');
    expect(missing.message).toMatch(/parquet\/manifest/);
    await seedParquetUnload({
      '000.parquet': { bytes: 'PAR1', rows: 2 },
      '001.parquet': { bytes: 'PAR1', rows: 2 },
    });
    const split = await failureOf(queryWith().draft(DATE));
    expect(split.code).toBe('QUERY_FAILED');
    expect(split.message).toMatch(/wrote 2 files where a report is one/);
  });

  it('reads several unloaded files in key order, skipping the header of each', async () => {
    const records = someRecords(40, 5);
    await seedUnload({
      '001': `${LOCATION_CSV_HEADER}\n${encodeLocationLines(records.slice(25))}`,
      '000': `${LOCATION_CSV_HEADER}\n${encodeLocationLines(records.slice(0, 25))}`,
    });
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'any' });
    redshift.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
    expect(await readAll(queryWith().rowsFor(DATE))).toEqual(records);
  });

  it('fails with QUERY_FAILED, yielding nothing, when a finished UNLOAD left no manifest', async () => {
    await seedUnload(
      { '000': `${LOCATION_CSV_HEADER}\n${encodeLocationLines(someRecords(5, 1))}` },
      'no manifest',
    );
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'any' });
    redshift.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
    const yielded: unknown[] = [];
    const error = await failureOf(
      (async () => {
        for await (const chunk of queryWith().rowsFor(DATE)) yielded.push(...chunk);
      })(),
    );
    expect(error.code).toBe('QUERY_FAILED');
    expect(error.message).toMatch(/left no manifest/);
    expect(yielded).toEqual([]);
  });

  it('fails with QUERY_FAILED when a file the manifest lists is missing or holds other rows than it says', async () => {
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'any' });
    redshift.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
    const records = someRecords(10, 2);
    await seedUnload({ '000': `${LOCATION_CSV_HEADER}\n${encodeLocationLines(records)}` });
    await aws.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: unloadKey('000'),
        Body: `${LOCATION_CSV_HEADER}\n${encodeLocationLines(records.slice(0, 7))}`,
      }),
    );
    expect((await failureOf(readAll(queryWith().rowsFor(DATE)))).message).toMatch(
      /holds 7 rows, its manifest 10/,
    );

    await aws.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: unloadKey('000') }));
    await seedUnload({});
    const body = JSON.stringify({
      entries: [{ url: `s3://${bucket}/${unloadKey('000')}`, meta: { record_count: 3 } }],
      meta: { record_count: 3 },
    });
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: unloadKey('manifest'), Body: body }));
    expect((await failureOf(readAll(queryWith().rowsFor(DATE)))).message).toMatch(/is missing/);
  });

  it('runs on a Serverless workgroup with a secret, without cluster or database user', async () => {
    await seedUnload({});
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'any' });
    redshift.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
    const serverless: AwsRedshiftConfig = {
      ...PROVISIONED,
      clusterIdentifier: undefined,
      dbUser: undefined,
      workgroupName: 'locus-wg',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:locus-abc',
    };
    expect(await readAll(queryWith(serverless).rowsFor(DATE))).toEqual([]);
    for (const call of redshift.commandCalls(ExecuteStatementCommand)) {
      const { Sql: _sql, StatementName: _name, ...target } = call.args[0].input;
      expect(target).toEqual({
        Database: 'dev',
        WorkgroupName: 'locus-wg',
        SecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:locus-abc',
      });
    }
  });

  it('fails with QUERY_FAILED and the statement error when the partition cannot be registered, before any UNLOAD', async () => {
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'alter-1' });
    statusesEndingWith({ Status: 'FAILED', Error: 'ERROR: permission denied for schema spectrum' });
    const error = await failureOf(readAll(queryWith().rowsFor(DATE)));
    expect(error.code).toBe('QUERY_FAILED');
    expect(error.message).toContain('permission denied for schema spectrum');
    expect(redshift.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
  });

  it('fails with QUERY_FAILED when the statement is aborted', async () => {
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'unload-1' });
    redshift.on(DescribeStatementCommand).resolves({ Status: 'ABORTED' });
    expect((await failureOf(readAll(queryWith().rowsFor(DATE)))).code).toBe('QUERY_FAILED');
  });

  it('cancels the statement and fails with QUERY_TIMEOUT once the deadline passes', async () => {
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'slow-1' });
    redshift.on(DescribeStatementCommand).callsFake(() => {
      clock.advance(25_000);
      return { Status: 'STARTED' };
    });
    redshift.on(CancelStatementCommand).resolves({ Status: true });
    const error = await failureOf(readAll(queryWith().rowsFor(DATE)));
    expect(error.code).toBe('QUERY_TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(redshift.commandCalls(DescribeStatementCommand)).toHaveLength(3);
    expect(redshift.commandCalls(CancelStatementCommand).map((call) => call.args[0].input)).toEqual([
      { Id: 'slow-1' },
    ]);
  });

  it('translates a throttled start into THROTTLED, keeping the cause', async () => {
    const throttled = new ActiveStatementsExceededException({
      message: 'too many statements',
      $metadata: {},
    });
    redshift.on(ExecuteStatementCommand).rejects(throttled);
    const error = await failureOf(readAll(queryWith().rowsFor(DATE)));
    expect(error.code).toBe('THROTTLED');
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(throttled);
  });

  it('polls again after a throttled DescribeStatement, and fails on a refused one', async () => {
    await seedUnload({});
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'any' });
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: {},
    });
    redshift.on(DescribeStatementCommand).rejectsOnce(throttled).resolves({ Status: 'FINISHED' });
    expect(await readAll(queryWith().rowsFor(DATE))).toEqual([]);

    redshift.reset();
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'any' });
    const refused = new ValidationException({
      message: 'no such statement',
      $metadata: { httpStatusCode: 400 },
    });
    redshift.on(DescribeStatementCommand).rejects(refused);
    const error = await failureOf(readAll(queryWith().rowsFor(DATE)));
    expect(error.code).toBe('QUERY_FAILED');
    expect(error.cause).toBe(refused);
  });

  it('fails with CORRUPT_OBJECT naming the unloaded file when a row is not a record', async () => {
    await seedUnload({ '000': `${LOCATION_CSV_HEADER}\nnot,a,record\n` });
    redshift.on(ExecuteStatementCommand).resolves({ Id: 'any' });
    redshift.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
    const error = await failureOf(readAll(queryWith().rowsFor(DATE)));
    expect(error.code).toBe('CORRUPT_OBJECT');
    expect(error.message).toContain(unloadKey('000'));
  });

  it('refuses to start without Redshift settings, naming them', () => {
    let error: unknown;
    try {
      new RedshiftSpectrumReportQuery(client, aws.s3, configWith(undefined), clock, { next: () => 'x' });
    } catch (e) {
      error = e;
    }
    expect(isLocusError(error, 'CONFIGURATION')).toBe(true);
    expect((error as Error).message).toContain('LOCUS_AWS_REDSHIFT_DATABASE');
  });
});
