import { GetObjectCommand, ListObjectsV2Command, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { S3PartitionStore } from '../../../src/adapters/aws/s3/s3-partition-store';
import type { AwsAdapterConfig } from '../../../src/config/aws-config';
import type { LocationRecord } from '../../../src/domain';
import { expectSameRecords, inChunks, readAll, someRecords } from '../../support/records';
import { useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();

/** 80,000 records: more than one 8 MiB piece of a multipart upload. */
async function* twoPieces(): AsyncGenerator<readonly LocationRecord[]> {
  const chunk = someRecords(5_000, 21);
  for (let i = 0; i < 16; i++) yield chunk;
}

describe('S3PartitionStore: the commit check sits between the stored pieces and the completion', () => {
  let client: S3Client;
  let config: AwsAdapterConfig;
  /** The S3 requests that succeeded and the commit checks, in the order they ended. */
  let steps: string[];
  let uploadIds: string[];
  const ref = { date: '2026-11-28', index: 0, of: 1 };

  beforeEach(async () => {
    client = new S3Client({
      region: aws.fauxqs.region,
      endpoint: aws.fauxqs.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      forcePathStyle: true,
    });
    steps = [];
    uploadIds = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        steps.push(String(context.commandName).replace(/Command$/, ''));
        const uploadId = (result.output as { UploadId?: string }).UploadId;
        if (context.commandName === 'CreateMultipartUploadCommand' && uploadId !== undefined) {
          uploadIds.push(uploadId);
        }
        return result;
      },
      { step: 'initialize', name: 'noteSteps' },
    );
    config = aws.config({
      buckets: {
        work: await aws.newBucket(),
        storage: await aws.newBucket(),
        download: await aws.newBucket(),
      },
    });
  });

  afterEach(() => {
    client.destroy();
  });

  const storedKeys = async (): Promise<string[]> => {
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: config.buckets.storage }));
    return (listed.Contents ?? []).map((object) => object.Key as string);
  };

  it('completes the upload only after the check answered true', async () => {
    const store = new S3PartitionStore(client, config);
    const commitIf = async () => {
      steps.push('commitIf');
      return true;
    };
    expect(await store.writePart(ref, twoPieces(), { commitIf })).toEqual({ recordCount: 80_000 });
    expect(steps).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'commitIf',
      'CompleteMultipartUpload',
    ]);
    expect(await readAll(store.readPart(ref))).toHaveLength(80_000);
  });

  it('aborts the upload, dropping its stored pieces, when the check answers false', async () => {
    const store = new S3PartitionStore(client, config);
    const before = someRecords(20, 22);
    await store.writePart(ref, inChunks(before));
    steps = [];
    const commitIf = async () => {
      steps.push('commitIf');
      return false;
    };
    await expect(store.writePart(ref, twoPieces(), { commitIf })).rejects.toMatchObject({
      code: 'LOCK_LOST',
    });
    expect(steps).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'commitIf',
      'AbortMultipartUpload',
    ]);
    expect(await storedKeys()).toEqual(['storage/dt=2026-11-28/part-00-of-01.csv']);
    expectSameRecords(await readAll(store.readPart(ref)), before);
    // The abandoned upload is gone: S3 takes no more pieces for it.
    const late = await aws.s3
      .send(
        new UploadPartCommand({
          Bucket: config.buckets.storage,
          Key: 'storage/dt=2026-11-28/part-00-of-01.csv',
          UploadId: uploadIds.at(-1),
          PartNumber: 3,
          Body: 'x',
        }),
      )
      .catch((error: unknown) => error);
    expect(late).toMatchObject({ name: 'NoSuchUpload' });
  });

  it('fails with STORE_UNAVAILABLE without asking the check when S3 refuses the upload', async () => {
    const missing = aws.config({ buckets: { work: 'x', storage: 'no-such-bucket', download: 'x' } });
    let calls = 0;
    const commitIf = async () => {
      calls++;
      return true;
    };
    await expect(
      new S3PartitionStore(client, missing).writePart(ref, inChunks(someRecords(3, 24)), { commitIf }),
    ).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(calls).toBe(0);
  });

  it('writes the object with the content type of a CSV file', async () => {
    await new S3PartitionStore(client, config).writePart(ref, inChunks(someRecords(3, 23)), {
      commitIf: async () => true,
    });
    const object = await aws.s3.send(
      new GetObjectCommand({
        Bucket: config.buckets.storage,
        Key: 'storage/dt=2026-11-28/part-00-of-01.csv',
      }),
    );
    expect(object.ContentType).toBe('text/csv; charset=utf-8');
  });
});
