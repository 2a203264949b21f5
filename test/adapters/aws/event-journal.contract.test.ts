import { S3EventJournal } from '../../../src/adapters/aws/s3/s3-event-journal';
import { describeEventJournalContract } from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';
import { uniqueName, useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();
let bucket: string;

beforeAll(async () => {
  bucket = await aws.newBucket();
});

describeEventJournalContract('S3EventJournal', async () => {
  const config = aws.config({
    buckets: { work: bucket, storage: bucket, download: bucket },
    keyPrefix: `${uniqueName('t')}/`,
  });
  // A clock that stands still: order must come from the keys' sequence, not from time.
  return { journal: new S3EventJournal(aws.s3, config, new ManualClock()) };
});
