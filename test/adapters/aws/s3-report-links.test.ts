import './quiet-sdk';
import { createHash, createHmac } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { useStaticAwsCredentials } from '../../../deploy/test/lambda/aws-test-env';
import { createS3Client } from '../../../src/adapters/aws/aws-clients';
import { S3PresignedReportLinks } from '../../../src/adapters/aws/s3/s3-report-links';
import type { AwsAdapterConfig } from '../../../src/config/aws-config';
import { calendarDate } from '../../../src/domain';
import { isLocusError } from '../../../src/ports';
import { ManualClock } from '../../support/manual-clock';
import { uniqueName, useFauxqs } from './fauxqs-setup';

useStaticAwsCredentials();

const DATE = calendarDate('2026-11-27');
const SIGNED_AT = Date.UTC(2026, 10, 28, 9, 15, 0);
const AMZ_DATE = '20261128T091500Z';

const hmac = (key: Buffer | string, text: string): Buffer => createHmac('sha256', key).update(text).digest();
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const encode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The SigV4 query signature of a presigned GET, computed independently of the SDK. */
const expectedSignature = (url: URL, region: string, secret: string): string => {
  const query = [...url.searchParams.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .sort()
    .join('&');
  const canonical = ['GET', url.pathname, query, `host:${url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join(
    '\n',
  );
  const day = AMZ_DATE.slice(0, 8);
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', AMZ_DATE, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
};

const linksOf = (client: S3Client, config: AwsAdapterConfig) =>
  new S3PresignedReportLinks(client, config, new ManualClock(SIGNED_AT));

describe('S3PresignedReportLinks', () => {
  const aws = useFauxqs();
  let client: S3Client;

  afterEach(() => client?.destroy());

  it('signs a path-style GET of the report against an endpoint override, which downloads it', async () => {
    const bucket = await aws.newBucket();
    const config = aws.config({
      buckets: { work: 'unused-work', storage: 'unused-storage', download: bucket },
      keyPrefix: 'tenant/',
    });
    const key = 'tenant/download/locations-2026-11-27.csv';
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'phone-0042,1\n' }));
    client = createS3Client(config);

    const url = new URL(await linksOf(client, config).linkFor(DATE, SIGNED_AT + 3_600_000));

    expect(url.origin).toBe(new URL(aws.fauxqs.endpoint).origin);
    expect(url.pathname).toBe(`/${bucket}/${key}`);
    const { accessKeyId, secretAccessKey } = await client.config.credentials();
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      `${accessKeyId}/20261128/${config.region}/s3/aws4_request`,
    );
    expect(url.searchParams.get('X-Amz-Date')).toBe(AMZ_DATE);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(url, config.region, secretAccessKey),
    );

    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('phone-0042,1\n');

    const parquetKey = 'tenant/download/locations-2026-11-27.parquet';
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: parquetKey, Body: 'PAR1…PAR1' }));
    const parquetUrl = new URL(await linksOf(client, config).linkFor(DATE, SIGNED_AT + 3_600_000, 'parquet'));
    expect(parquetUrl.pathname).toBe(`/${bucket}/${parquetKey}`);
    expect(await (await fetch(parquetUrl)).text()).toBe('PAR1…PAR1');
  });

  it('signs a virtual-hosted URL on AWS itself, rounding the lifetime up to whole seconds', async () => {
    const config = aws.config({
      region: 'eu-west-1',
      endpoint: undefined,
      buckets: { work: 'w', storage: 's', download: 'locus-reports' },
      keyPrefix: '',
    });
    client = createS3Client(config);
    const links = linksOf(client, config);

    const url = new URL(await links.linkFor(DATE, SIGNED_AT + 7 * 86_400_000));
    expect(url.origin).toBe('https://locus-reports.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/download/locations-2026-11-27.csv');
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(7 * 86_400));
    const { secretAccessKey } = await client.config.credentials();
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(url, 'eu-west-1', secretAccessKey),
    );

    const short = new URL(await links.linkFor(DATE, SIGNED_AT + 1_500));
    expect(short.searchParams.get('X-Amz-Expires')).toBe('2');
    expect(short.searchParams.get('X-Amz-Signature')).not.toBe(url.searchParams.get('X-Amz-Signature'));
  });

  it('refuses a lifetime S3 would not honour (none left, or over seven days)', async () => {
    const config = aws.config({ buckets: { work: 'w', storage: 's', download: uniqueName('locus') } });
    client = createS3Client(config);
    const links = linksOf(client, config);
    for (const expiresAt of [SIGNED_AT, SIGNED_AT - 1_000, SIGNED_AT + 7 * 86_400_000 + 1_000]) {
      const failure = await links.linkFor(DATE, expiresAt).catch((error: unknown) => error);
      expect(isLocusError(failure) && failure.code).toBe('CONFIGURATION');
    }
  });
});
