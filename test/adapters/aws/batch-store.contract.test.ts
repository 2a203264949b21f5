import { S3BatchStore } from '../../../src/adapters/aws/s3/s3-batch-store';
import { describeBatchStoreContract } from '../../../src/testing';
import { uniqueName, useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();
let bucket: string;

beforeAll(async () => {
  bucket = await aws.newBucket();
});

// One bucket for every area, each test under its own key prefix.
describeBatchStoreContract('S3BatchStore', async () => {
  const config = aws.config({
    buckets: { work: bucket, storage: bucket, download: bucket },
    keyPrefix: `${uniqueName('t')}/`,
  });
  return { store: new S3BatchStore(aws.s3, config) };
});
