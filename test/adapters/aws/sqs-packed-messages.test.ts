import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsLocationQueue } from '../../../src/adapters/aws/sqs/sqs-location-queue';
import { encodeMessageBodies, readMessageBody } from '../../../src/adapters/aws/sqs/sqs-message-body';
import type { AwsQueueConfig } from '../../../src/config/aws-config';
import { encodeLocationLines } from '../../../src/domain';
import { eventually } from '../../support/eventually';
import { aRecord, awkwardRecords, expectSameRecords, someRecords } from '../../support/records';
import { useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();

describe('SQS message bodies', () => {
  it('puts every record on a line of its own, awkward device ids included, and reads them back', () => {
    const records = awkwardRecords();
    const [body, ...rest] = encodeMessageBodies(records);
    expect(rest).toEqual([]);
    expect(body?.split('\n').filter((line) => line !== '')).toHaveLength(records.length);
    expect(readMessageBody(body ?? '')).toEqual({ records, poison: [] });
  });

  it('reads bodies written before records had a line each (plain CSV, or base64 as a whole)', () => {
    const records = awkwardRecords();
    const csv = encodeLocationLines(records);
    expect(readMessageBody(csv).records).toEqual(records);
    const whole = `base64:${Buffer.from(csv, 'utf8').toString('base64')}`;
    expect(readMessageBody(whole).records).toEqual(records);
  });

  it('reads the other lines of a body when some are not records, and names each bad one', () => {
    const good = someRecords(3, 5);
    const [first, second, third] = encodeLocationLines(good).split('\n');
    const body = `${first}\nnot,a,record\n${second}\nbase64:!!!\n${third}\n`;
    const { records, poison } = readMessageBody(body);
    expect(records).toEqual(good);
    expect(poison.map((p) => p.line)).toEqual(['not,a,record', 'base64:!!!']);
    expect(poison[0]?.reason).toMatch(/fields/);
  });

  it('calls a body with no record poison as a whole', () => {
    expect(readMessageBody('').poison).toHaveLength(1);
    expect(readMessageBody('junk\n').records).toEqual([]);
  });
});

describe('SqsLocationQueue with packed messages on fauxqs', () => {
  const queueWith = async (settings: Partial<AwsQueueConfig> = {}) => {
    const main = await aws.newQueue();
    const config = aws.config({
      queue: { url: main.url, waitTimeSeconds: 0, receivers: 4, sendLingerMs: 5, ...settings },
    });
    return { url: main.url, queue: new SqsLocationQueue(aws.sqs, config) };
  };

  const leaseAll = async (queue: SqsLocationQueue, records: number) =>
    eventually(
      async () => queue.lease(10, 60_000),
      (leased) => leased.reduce((n, m) => n + m.records.length, 0) === records,
      { timeoutMs: 5_000, intervalMs: 20 },
    );

  it('packs 200 concurrent requests into a few messages, every record once', async () => {
    const { queue } = await queueWith();
    const requests = Array.from({ length: 200 }, (_, i) => someRecords(1, 1_000 + i));
    await Promise.all(requests.map((records) => queue.enqueue(records)));
    const depth = await queue.depth();
    expect(depth.ready).toBeLessThanOrEqual(10);
    const leased = await leaseAll(queue, 200);
    expectSameRecords(
      leased.flatMap((m) => m.records),
      requests.flat(),
    );
  });

  it('sets the poison line of a packed message aside on the dead-letter queue and hands out its neighbours', async () => {
    const dead = await aws.newQueue();
    const { url, queue } = await queueWith({ deadLetterUrl: dead.url });
    const good = someRecords(4, 9);
    const [a, b, c, d] = encodeLocationLines(good).split('\n');
    await aws.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: `${a}\n${b}\n0123,broken\n${c}\n${d}\n` }),
    );
    const leased = await queue.lease(10, 60_000);
    expect(leased).toHaveLength(1);
    expectSameRecords(leased[0]?.records, good);
    await queue.acknowledge(leased.map((m) => m.receipt));
    expect(await queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: 1 });
    const moved = await aws.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dead.url, MessageAttributeNames: ['All'] }),
    );
    const [message] = moved.Messages ?? [];
    expect(message?.Body).toBe('0123,broken\n');
    expect(message?.MessageAttributes?.reason?.StringValue).toMatch(/fields/);
    expect(message?.MessageAttributes?.poisonLines?.StringValue).toBe('1');
  });

  it('without a dead-letter queue hands out the good records and holds the poison line back, counted', async () => {
    const { url, queue } = await queueWith();
    const good = [aRecord({ deviceId: 'kept' })];
    await aws.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: `${encodeLocationLines(good)}broken,row\n` }),
    );
    const leased = await queue.lease(10, 60_000);
    expectSameRecords(
      leased.flatMap((m) => m.records),
      good,
    );
    await queue.acknowledge(leased.map((m) => m.receipt));
    // The line travels on as a message of its own, which the next lease finds unreadable and holds.
    expect(await queue.lease(10, 60_000)).toEqual([]);
    expect(await queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: 1 });
  });
});

describe('SqsLocationQueue when the poison line cannot be set aside', () => {
  it('hands out none of the message and touches it not, then all its records once SQS takes the line', async () => {
    const client = new SQSClient({ region: 'eu-west-1' });
    const sqs = mockClient(client);
    try {
      const good = someRecords(3, 21);
      const message = {
        MessageId: 'm-1',
        ReceiptHandle: 'r-1',
        Body: `${encodeLocationLines(good)}not,a,record\n`,
      };
      sqs
        .on(ReceiveMessageCommand)
        .resolvesOnce({ Messages: [message] })
        .resolves({ Messages: [] });
      sqs
        .on(SendMessageCommand)
        .rejectsOnce(Object.assign(new Error('busy'), { name: 'ServiceUnavailable' }));
      const queue = new SqsLocationQueue(
        client,
        aws.config({
          queue: {
            url: 'https://sqs.test/q',
            deadLetterUrl: 'https://sqs.test/dlq',
            waitTimeSeconds: 0,
            receivers: 1,
            sendLingerMs: 5,
          },
        }),
      );
      // The message stays invisible for the lease and comes back: nothing of it is lost or handed out twice.
      expect(await queue.lease(10, 60_000)).toEqual([]);
      expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
      expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);

      sqs.reset();
      sqs
        .on(ReceiveMessageCommand)
        .resolvesOnce({ Messages: [message] })
        .resolves({ Messages: [] });
      sqs.on(SendMessageCommand).resolves({ MessageId: 'dead-1' });
      const leased = await queue.lease(10, 60_000);
      expect(leased.map((m) => m.receipt)).toEqual(['r-1']);
      expectSameRecords(leased[0]?.records, good);
      const setAside = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
      expect(setAside).toEqual([
        expect.objectContaining({ QueueUrl: 'https://sqs.test/dlq', MessageBody: 'not,a,record\n' }),
      ]);
    } finally {
      sqs.restore();
      client.destroy();
    }
  });
});
