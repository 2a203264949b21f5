import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3RejectedStore } from '../../../src/adapters/aws/s3/s3-rejected-store';
import { aRejectedItem, describeRejectedStoreContract } from '../../../src/testing';
import { uniqueName, useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();
let bucket: string;

beforeAll(async () => {
  bucket = await aws.newBucket();
});

const storeUnder = (keyPrefix: string) =>
  new S3RejectedStore(
    aws.s3,
    aws.config({ buckets: { work: bucket, storage: bucket, download: bucket }, keyPrefix }),
  );

describeRejectedStoreContract('S3RejectedStore', async () => ({
  store: storeUnder(`${uniqueName('t')}/nested/`),
}));

describe('S3RejectedStore in the bucket', () => {
  it('keeps a message as one object under <prefix>rejected/dt=DATE/ in the work bucket', async () => {
    const prefix = `${uniqueName('k')}/`;
    await storeUnder(prefix).keep('2026-11-28', [aRejectedItem(1), aRejectedItem(2)]);
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    expect((listed.Contents ?? []).map((object) => object.Key)).toEqual([
      expect.stringMatching(new RegExp(`^${prefix}rejected/dt=2026-11-28/[0-9a-f]{32}\\.jsonl$`)),
    ]);
  });
});
