import { SqsLocationQueue } from '../../../src/adapters/aws/sqs/sqs-location-queue';
import { describeLocationQueueContract } from '../../contracts/location-queue.contract';
import { useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();

describeLocationQueueContract('SqsLocationQueue', async () => {
  const queue = await aws.newQueue();
  const config = aws.config({ queue: { url: queue.url, waitTimeSeconds: 0, receivers: 4, sendLingerMs: 2 } });
  return {
    queue: new SqsLocationQueue(aws.sqs, config),
    // SQS keeps real time: leases expire by themselves, which the contract waits for.
    advanceTime: () => undefined,
    teardown: () => queue.remove(),
  };
});
