import { S3Client } from '@aws-sdk/client-s3';
import { S3EventJournal } from '../../../src/adapters/aws/s3/s3-event-journal';
import type { LocusEvent } from '../../../src/domain';
import { describeEventJournalContract, describeEventJournalReadStreamsContract } from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';
import { uniqueName, useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();
let bucket: string;

beforeAll(async () => {
  bucket = await aws.newBucket();
});

const createFixture = async () => {
  const config = aws.config({
    buckets: { work: bucket, storage: bucket, download: bucket },
    keyPrefix: `${uniqueName('t')}/`,
  });
  // A clock that stands still: order must come from the keys' sequence, not from time.
  return { journal: new S3EventJournal(aws.s3, config, new ManualClock()) };
};

describeEventJournalContract('S3EventJournal', createFixture);
describeEventJournalReadStreamsContract('S3EventJournal', createFixture);

describe('S3EventJournal.readStreams', () => {
  const stored = (batchId: string): LocusEvent => ({
    type: 'BatchPartitioned',
    data: { batchId, runId: 'run-1', partitionedAt: 0 },
  });

  it('lists a prefix once and reads only the appends it has not read before', async () => {
    const sent: string[] = [];
    const client = new S3Client({
      region: aws.fauxqs.region,
      endpoint: aws.fauxqs.endpoint,
      forcePathStyle: true,
      credentials: await aws.s3.config.credentials(),
    });
    client.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize' },
    );
    const config = aws.config({
      buckets: { work: bucket, storage: bucket, download: bucket },
      keyPrefix: `${uniqueName('t')}/`,
    });
    const journal = new S3EventJournal(client, config, new ManualClock());
    for (let i = 0; i < 12; i += 1) await journal.append(`batch-${i}`, [stored(`b${i}`)], 'no_stream');
    await journal.append('batch-3', [stored('b3-again')], 1);
    const count = (name: string) => sent.filter((command) => command === name).length;
    try {
      sent.length = 0;
      expect((await journal.readStreams('batch-')).size).toBe(12);
      expect([count('ListObjectsV2Command'), count('GetObjectCommand')]).toEqual([1, 13]);
      await journal.append('batch-7', [stored('b7-again')], 1);
      sent.length = 0;
      const again = await journal.readStreams('batch-');
      expect(again.get('batch-7')?.events).toEqual([stored('b7'), stored('b7-again')]);
      expect([count('ListObjectsV2Command'), count('GetObjectCommand')]).toEqual([1, 1]);
    } finally {
      client.destroy();
    }
  });
});
