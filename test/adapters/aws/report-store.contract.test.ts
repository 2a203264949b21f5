import { S3ReportStore } from '../../../src/adapters/aws/s3/s3-report-store';
import { describeReportStoreContract } from '../../../src/testing';
import { uniqueName, useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();
let bucket: string;

beforeAll(async () => {
  bucket = await aws.newBucket();
});

describeReportStoreContract('S3ReportStore', async () => {
  const config = aws.config({
    buckets: { work: bucket, storage: bucket, download: bucket },
    keyPrefix: `${uniqueName('t')}/nested/`,
  });
  return { store: new S3ReportStore(aws.s3, config) };
});
