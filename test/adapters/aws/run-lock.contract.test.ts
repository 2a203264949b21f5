import { S3RunLock } from '../../../src/adapters/aws/s3/s3-run-lock';
import { describeRunLockContract } from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';
import { uniqueName, useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();
let bucket: string;

beforeAll(async () => {
  bucket = await aws.newBucket();
});

// fauxqs ignores S3's conditional writes, so these runs rely on the write-settle-read-back check.
describeRunLockContract('S3RunLock', async () => {
  const clock = new ManualClock();
  const config = aws.config({
    buckets: { work: bucket, storage: bucket, download: bucket },
    keyPrefix: `${uniqueName('t')}/`,
  });
  return { lock: new S3RunLock(aws.s3, config, clock), advanceTime: (ms) => clock.advance(ms) };
});
