import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3PartitionStore } from '../../../src/adapters/aws/s3/s3-partition-store';
import { describePartitionStoreContract } from '../../../src/testing';
import { useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();

// A bucket for each area, fresh for each test, no key prefix.
describePartitionStoreContract('S3PartitionStore', async () => {
  const config = aws.config({
    buckets: { work: await aws.newBucket(), storage: await aws.newBucket(), download: await aws.newBucket() },
  });
  return {
    store: new S3PartitionStore(aws.s3, config),
    storedNames: async () => {
      const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: config.buckets.storage }));
      return (listed.Contents ?? []).map((object) => object.Key as string).sort();
    },
  };
});
