import {
  CopyObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3BatchStore } from '../../../src/adapters/aws/s3/s3-batch-store';
import { S3EventJournal } from '../../../src/adapters/aws/s3/s3-event-journal';
import { S3PartitionStore } from '../../../src/adapters/aws/s3/s3-partition-store';
import { S3ReportStore } from '../../../src/adapters/aws/s3/s3-report-store';
import { S3RunLock } from '../../../src/adapters/aws/s3/s3-run-lock';
import type { AwsAdapterConfig } from '../../../src/config/aws-config';
import { encodeLocationLines } from '../../../src/domain';
import { isLocusError } from '../../../src/ports';
import { ManualClock } from '../../support/manual-clock';
import { aRecord, inChunks, readAll, someRecords } from '../../support/records';
import { useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();

async function* texts(parts: readonly string[]): AsyncGenerator<string> {
  yield* parts;
}

describe('S3 stores: keys and buckets', () => {
  let config: AwsAdapterConfig;

  beforeEach(async () => {
    config = aws.config({
      buckets: {
        work: await aws.newBucket(),
        storage: await aws.newBucket(),
        download: await aws.newBucket(),
      },
      keyPrefix: 'locus/',
    });
  });

  const keysIn = async (bucket: string): Promise<string[]> => {
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((object) => object.Key as string).sort();
  };

  it("writes every object at the contract's key, under the prefix, in its area's bucket", async () => {
    const batches = new S3BatchStore(aws.s3, config);
    await batches.put('b-1', [aRecord()]);
    await batches.put('b-2', [aRecord()]);
    await batches.put('b-3', [aRecord()]);
    await batches.markDone('b-1');
    await batches.quarantine('b-2', 'unreadable');
    await new S3PartitionStore(aws.s3, config).writePart(
      { date: '2026-11-28', index: 3, of: 4 },
      inChunks([aRecord()], 10),
    );
    await new S3ReportStore(aws.s3, config).publish('2026-11-28', { csv: { bytes: texts(['header\n']) } });
    await new S3EventJournal(aws.s3, config, new ManualClock(Date.UTC(2026, 10, 28))).append(
      'batch-b-3',
      [{ type: 'BatchPartitioned', data: { batchId: 'b-3', runId: 'r', partitionedAt: 1 } }],
      'no_stream',
    );
    await new S3RunLock(aws.s3, config, new ManualClock()).acquire('partition', 'run-1', 60_000);

    const work = await keysIn(config.buckets.work);
    expect(work.filter((key) => !key.includes('journal'))).toEqual([
      'locus/archive/work/b-1.csv',
      'locus/locks/partition.json',
      'locus/quarantine/work/b-2.csv',
      'locus/quarantine/work/b-2.reason.txt',
      'locus/work/b-3.csv',
    ]);
    expect(work.filter((key) => key.startsWith('locus/journal/'))).toEqual([
      'locus/journal/batch-b-3/v0000000001.json',
    ]);
    expect(await keysIn(config.buckets.storage)).toEqual(['locus/storage/dt=2026-11-28/part-03-of-04.csv']);
    expect(await keysIn(config.buckets.download)).toEqual(['locus/download/locations-2026-11-28.csv']);
  });

  it('writes parts as CSV lines without a header, in the domain encoding', async () => {
    const records = someRecords(5, 2);
    await new S3PartitionStore(aws.s3, config).writePart(
      { date: '2026-11-28', index: 0, of: 1 },
      inChunks(records, 2),
    );
    const object = await aws.s3.send(
      new GetObjectCommand({
        Bucket: config.buckets.storage,
        Key: 'locus/storage/dt=2026-11-28/part-00-of-01.csv',
      }),
    );
    expect(await object.Body?.transformToString()).toBe(encodeLocationLines(records));
  });

  it('keeps a batch found both in work/ and in archive/work/ pending, and finishes it when marked done again', async () => {
    const batches = new S3BatchStore(aws.s3, config);
    await batches.put('b-1', [aRecord()]);
    // A crash between the copy and the delete of markDone leaves the batch in both places.
    await aws.s3.send(
      new CopyObjectCommand({
        Bucket: config.buckets.work,
        CopySource: `${config.buckets.work}/locus/work/b-1.csv`,
        Key: 'locus/archive/work/b-1.csv',
      }),
    );
    expect(await batches.listPending()).toEqual(['b-1']);
    expect(await readAll(batches.read('b-1'))).toEqual([aRecord()]);
    await batches.markDone('b-1');
    expect(await batches.listPending()).toEqual([]);
  });

  it('fails a read with CORRUPT_OBJECT naming the object when a row is not a record', async () => {
    await aws.s3.send(
      new PutObjectCommand({
        Bucket: config.buckets.work,
        Key: 'locus/work/bad.csv',
        Body: `${encodeLocationLines([aRecord()])}1,2,3\n`,
      }),
    );
    const error = await readAll(new S3BatchStore(aws.s3, config).read('bad')).catch((e: unknown) => e);
    expect(isLocusError(error, 'CORRUPT_OBJECT')).toBe(true);
    expect((error as Error).message).toContain('locus/work/bad.csv');
  });

  it('streams a part larger than one upload part (multipart) and reads it back in chunks', async () => {
    const chunk = someRecords(5_000, 11);
    async function* repeated() {
      for (let i = 0; i < 16; i++) yield chunk;
    }
    const partitions = new S3PartitionStore(aws.s3, config);
    const ref = { date: '2026-11-28', index: 0, of: 1 };
    expect(await partitions.writePart(ref, repeated())).toEqual({ recordCount: 80_000 });
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: config.buckets.storage }));
    expect(listed.Contents?.[0]?.Size).toBeGreaterThan(8 * 1024 * 1024);
    // A multipart upload's ETag ends with the number of its parts.
    expect(listed.Contents?.[0]?.ETag).toMatch(/-2"?$/);
    let chunks = 0;
    let count = 0;
    for await (const read of partitions.readPart(ref)) {
      chunks++;
      count += read.length;
    }
    expect(count).toBe(80_000);
    expect(chunks).toBeGreaterThan(1);
  });

  it('fails with STORE_UNAVAILABLE, not as a missing object, when the bucket does not exist', async () => {
    const missing = aws.config({
      buckets: { work: 'no-such-bucket', storage: 'no-such-bucket', download: 'x' },
    });
    const error = await readAll(new S3BatchStore(aws.s3, missing).read('b-1')).catch((e: unknown) => e);
    expect(isLocusError(error, 'STORE_UNAVAILABLE')).toBe(true);
  });
});

describe('S3 listing', () => {
  it('follows ListObjectsV2 continuation tokens across pages', async () => {
    const client = new S3Client({ region: 'eu-west-1' });
    const s3 = mockClient(client);
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'work/b-1.csv' }, { Key: 'work/b-2.csv' }],
        IsTruncated: true,
        NextContinuationToken: 't1',
      })
      .resolvesOnce({ Contents: [{ Key: 'work/b-3.csv' }], IsTruncated: true, NextContinuationToken: 't2' })
      .resolvesOnce({ Contents: [{ Key: 'work/b-0.csv' }], IsTruncated: false });
    const store = new S3BatchStore(
      client,
      aws.config({ buckets: { work: 'w', storage: 's', download: 'd' } }),
    );
    expect(await store.listPending()).toEqual(['b-0', 'b-1', 'b-2', 'b-3']);
    expect(s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input.ContinuationToken)).toEqual(
      [undefined, 't1', 't2'],
    );
    s3.restore();
    client.destroy();
  });
});
