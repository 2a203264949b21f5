import { SqsLocationQueue } from '../../../src/adapters/aws/sqs/sqs-location-queue';
import { describeLocationQueueContract } from '../../contracts/location-queue.contract';
import { useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();

// With a linger the records of concurrent requests are packed into one message; without one,
// each request's records make a message (as `parse_request` runs it).
for (const sendLingerMs of [0, 5]) {
  describeLocationQueueContract(`SqsLocationQueue (linger ${sendLingerMs} ms)`, async () => {
    const queue = await aws.newQueue();
    const config = aws.config({ queue: { url: queue.url, waitTimeSeconds: 0, receivers: 4, sendLingerMs } });
    return {
      queue: new SqsLocationQueue(aws.sqs, config),
      // SQS keeps real time: leases expire by themselves, which the contract waits for.
      advanceTime: () => undefined,
      teardown: () => queue.remove(),
    };
  });
}
