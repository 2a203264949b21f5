import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { SqsLocationQueue } from '../../../src/adapters/aws/sqs/sqs-location-queue';
import { describeLocationQueueContract } from '../../../src/testing';
import { useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();

// With a linger the records of concurrent requests are packed into one message; without one,
// each request's records make a message (as `parse_request` runs it).
for (const sendLingerMs of [0, 5]) {
  describeLocationQueueContract(`SqsLocationQueue (linger ${sendLingerMs} ms)`, async (options) => {
    const queue = await aws.newQueue();
    const dead = await aws.newQueue();
    if (options?.maxReceives !== undefined) await aws.redrivePolicy(queue.url, dead.url, options.maxReceives);
    const config = aws.config({
      queue: { url: queue.url, deadLetterUrl: dead.url, waitTimeSeconds: 0, receivers: 4, sendLingerMs },
    });
    return {
      queue: new SqsLocationQueue(aws.sqs, config),
      // SQS keeps real time: leases expire by themselves, which the contract waits for.
      advanceTime: () => undefined,
      sendText: async (body) =>
        void (await aws.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }))),
      teardown: async () => {
        await queue.remove();
        await dead.remove();
      },
    };
  });
}
