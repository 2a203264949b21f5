import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3EventJournal } from '../../../src/adapters/aws/s3/s3-event-journal';
import type { LocusEvent } from '../../../src/domain';
import { isLocusError } from '../../../src/ports';
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

describe('S3EventJournal: what it reads', () => {
  const stored = (batchId: string): LocusEvent => ({
    type: 'BatchPartitioned',
    data: { batchId, runId: 'run-1', partitionedAt: 0 },
  });

  const sent: string[] = [];
  const count = (name: string) => sent.filter((command) => command === name).length;

  /** A client that notes every command it sends, and a journal on it under its own key prefix. */
  const countedJournal = async () => {
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
      lockSettleMs: 0,
    });
    clients.push(client);
    return { client, config, journal: new S3EventJournal(client, config, new ManualClock()) };
  };
  const clients: S3Client[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  it('lists a prefix once and reads only the appends it has not read before', async () => {
    const { journal } = await countedJournal();
    for (let i = 0; i < 12; i += 1) await journal.append(`batch-${i}`, [stored(`b${i}`)], 'no_stream');
    await journal.append('batch-3', [stored('b3-again')], 1);
    sent.length = 0;
    expect((await journal.readStreams('batch-')).size).toBe(12);
    // The saved copy (none yet), then the 13 appends.
    expect([count('ListObjectsV2Command'), count('GetObjectCommand')]).toEqual([1, 14]);
    await journal.append('batch-7', [stored('b7-again')], 1);
    sent.length = 0;
    const again = await journal.readStreams('batch-');
    expect(again.get('batch-7')?.events).toEqual([stored('b7'), stored('b7-again')]);
    expect([count('ListObjectsV2Command'), count('GetObjectCommand')]).toEqual([1, 1]);
  });

  it("appends to a long stream reading its last append only, and sees another writer's append", async () => {
    const { client, config } = await countedJournal();
    const first = new S3EventJournal(client, config, new ManualClock());
    for (let i = 1; i <= 15; i += 1) await first.append('accepted-2026-11-28', [stored(`a${i}`)], i - 1);
    const second = new S3EventJournal(client, config, new ManualClock());
    sent.length = 0;
    expect(await second.append('accepted-2026-11-28', [stored('b1'), stored('b2')], 15)).toEqual({
      nextExpectedVersion: 17,
    });
    // One listing, the last append, then the write, its read-back and its index entry.
    expect([count('ListObjectsV2Command'), count('GetObjectCommand'), count('PutObjectCommand')]).toEqual([
      1, 2, 2,
    ]);
    await first.append('accepted-2026-11-28', [stored('a16')], 17);
    const refused = await second.append('accepted-2026-11-28', [stored('b3')], 17).catch((e: unknown) => e);
    expect(isLocusError(refused, 'VERSION_CONFLICT')).toBe(true);
    expect(await second.append('accepted-2026-11-28', [stored('b3')], 'any')).toEqual({
      nextExpectedVersion: 19,
    });
    expect((await first.readStream('accepted-2026-11-28')).events.map((e) => e.data)).toEqual(
      [...Array.from({ length: 15 }, (_, i) => `a${i + 1}`), 'b1', 'b2', 'a16', 'b3'].map(
        (batchId) => stored(batchId).data,
      ),
    );
  });

  it('saves the appends it read for the next process, which reads only what changed since', async () => {
    const { client, config } = await countedJournal();
    const put = (stream: string, version: number, batchId: string) =>
      client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${config.keyPrefix}journal/${stream}/v${String(version).padStart(10, '0')}.json`,
          Body: JSON.stringify({ stream, recordedAt: 1, events: [stored(batchId)], firstVersion: version }),
        }),
      );
    for (let i = 0; i < 210; i += 1) await put(`batch-${String(i).padStart(3, '0')}`, 1, `b${i}`);
    const first = await new S3EventJournal(client, config, new ManualClock()).readStreams('batch-');
    expect(first.size).toBe(210);
    const saved = `${config.keyPrefix}journal-cache/streams-batch-.json`;
    await put('batch-007', 2, 'b7-again');
    await put('batch-100', 1, 'b100-rewritten');
    sent.length = 0;
    const next = await new S3EventJournal(client, config, new ManualClock()).readStreams('batch-');
    // The saved copy, the listing, and the two appends new or changed since it was saved.
    expect([count('GetObjectCommand'), count('ListObjectsV2Command')]).toEqual([3, 1]);
    expect(next.get('batch-007')?.events).toEqual([stored('b7'), stored('b7-again')]);
    expect(next.get('batch-100')?.events).toEqual([stored('b100-rewritten')]);
    expect([...next.keys()]).toEqual([...first.keys()]);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: saved, Body: '{"appends": [["damaged' }));
    const afterDamage = await new S3EventJournal(client, config, new ManualClock()).readStreams('batch-');
    expect([...afterDamage]).toEqual([...next]);
  });

  it('counts the appends of an older journal, named by time, when appending after them', async () => {
    const { client, config, journal } = await countedJournal();
    for (const [name, ids] of [
      ['1764300000000-000000001', ['old1', 'old2']],
      ['1764300000500-000000002', ['old3']],
    ] as const) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${config.keyPrefix}journal/batch-old/${name}.json`,
          Body: JSON.stringify({ stream: 'batch-old', recordedAt: 1, events: ids.map(stored) }),
        }),
      );
    }
    expect(await journal.append('batch-old', [stored('new1')], 3)).toEqual({ nextExpectedVersion: 4 });
    expect(await journal.append('batch-old', [stored('new2')], 4)).toEqual({ nextExpectedVersion: 5 });
    expect((await journal.readStream('batch-old')).events.map((e) => e.data)).toEqual(
      ['old1', 'old2', 'old3', 'new1', 'new2'].map((batchId) => stored(batchId).data),
    );
  });
});
