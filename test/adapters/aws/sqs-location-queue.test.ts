import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { SqsLocationQueue } from '../../../src/adapters/aws/sqs/sqs-location-queue';
import type { AwsQueueConfig } from '../../../src/config/aws-config';
import { encodeLocationLines } from '../../../src/domain';
import { isLocusError } from '../../../src/ports';
import { eventually } from '../../support/eventually';
import { aRecord } from '../../support/records';
import { useFauxqs } from './fauxqs-setup';

const aws = useFauxqs();

// biome-ignore lint/suspicious/noExplicitAny: the stub's generic parameters are the client's own
type SqsStub = AwsStub<any, any, any>;

describe('SqsLocationQueue on fauxqs', () => {
  const queueWith = async (settings: Partial<AwsQueueConfig> = {}) => {
    const main = await aws.newQueue();
    const config = aws.config({
      queue: { url: main.url, waitTimeSeconds: 0, receivers: 4, sendLingerMs: 2, ...settings },
    });
    return { url: main.url, queue: new SqsLocationQueue(aws.sqs, config) };
  };

  const sendRaw = (url: string, body: string) =>
    aws.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));

  it('moves a message that cannot be decoded to the dead-letter queue and hands out the rest', async () => {
    const dead = await aws.newQueue();
    const { url, queue } = await queueWith({ deadLetterUrl: dead.url });
    await sendRaw(url, 'this is not a location\n');
    await queue.enqueue([aRecord({ deviceId: 'good' })]);
    const leased = await queue.lease(10, 60_000);
    expect(leased.map((m) => m.records[0]?.deviceId)).toEqual(['good']);
    await queue.acknowledge(leased.map((m) => m.receipt));
    expect(await queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: 1 });
    const moved = await aws.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dead.url, MessageAttributeNames: ['All'] }),
    );
    expect(moved.Messages?.[0]?.Body).toBe('this is not a location\n');
    expect(moved.Messages?.[0]?.MessageAttributes?.reason?.StringValue).toMatch(/record_id|fields/);
  });

  it('without a dead-letter queue keeps an undecodable message invisible and counts it', async () => {
    const { url, queue } = await queueWith();
    await sendRaw(url, 'broken,row\nstill,not,a,record\n');
    expect(await queue.lease(10, 1_000)).toEqual([]);
    expect(await queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: 1 });
  });

  it('without a dead-letter queue lists the message it holds back, and a redrive keeps it', async () => {
    const { url, queue } = await queueWith();
    await sendRaw(url, 'lat 35.681236 is not a record\n');
    expect(await queue.lease(10, 1_000)).toEqual([]);
    const [held, ...rest] = await queue.quarantine();
    expect(rest).toEqual([]);
    expect(held).toEqual(
      expect.objectContaining({ records: null, preview: 'lat ##.###### is not a record·' }),
    );
    const outcome = await queue.redrive();
    expect(outcome).toEqual({ redriven: [], records: 0, unreadable: [held], notFound: [] });
    expect(await queue.quarantine()).toEqual([held]);
  });

  it('waits for a message with a long poll and hands it out as soon as it arrives', async () => {
    const { queue } = await queueWith({ waitTimeSeconds: 5 });
    const leasing = queue.lease(10, 60_000);
    await queue.enqueue([aRecord({ deviceId: 'late' })]);
    const leased = await leasing;
    expect(leased.map((m) => m.records[0]?.deviceId)).toEqual(['late']);
  });

  it('fills a lease of more than ten messages with parallel receives', async () => {
    const { queue } = await queueWith({ receivers: 3, sendLingerMs: 0 });
    await Promise.all(Array.from({ length: 45 }, (_, i) => queue.enqueue([aRecord({ deviceId: `d-${i}` })])));
    await eventually(
      () => queue.depth(),
      (d) => d.ready === 45,
      { timeoutMs: 5_000, intervalMs: 20 },
    );
    const leased = await queue.lease(40, 60_000);
    expect(leased).toHaveLength(40);
    expect(new Set(leased.map((m) => m.records[0]?.deviceId)).size).toBe(40);
  });

  it('fails with QUEUE_UNAVAILABLE when the queue does not exist', async () => {
    const gone = await aws.newQueue();
    await gone.remove();
    const queue = new SqsLocationQueue(
      aws.sqs,
      aws.config({ queue: { url: gone.url, waitTimeSeconds: 0, receivers: 1, sendLingerMs: 0 } }),
    );
    const error = await queue.lease(1, 1_000).catch((e: unknown) => e);
    expect(isLocusError(error, 'QUEUE_UNAVAILABLE')).toBe(true);
    await expect(queue.enqueue([aRecord()])).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
  });
});

describe('SqsLocationQueue calls', () => {
  let client: SQSClient;
  let sqs: SqsStub;

  beforeEach(() => {
    client = new SQSClient({ region: 'eu-west-1' });
    sqs = mockClient(client);
  });

  afterEach(() => {
    sqs.restore();
    client.destroy();
  });

  const queue = () =>
    new SqsLocationQueue(
      client,
      aws.config({
        queue: { url: 'https://sqs.test/q', waitTimeSeconds: 20, receivers: 3, sendLingerMs: 0 },
      }),
    );

  const message = (n: number) => ({
    MessageId: `m-${n}`,
    ReceiptHandle: `r-${n}`,
    Body: encodeLocationLines([aRecord({ deviceId: `d-${n}` })]),
  });

  it('receives with the lease as visibility timeout, long-polls first and tops up with short waits', async () => {
    let n = 0;
    sqs.on(ReceiveMessageCommand).callsFake((input: { MaxNumberOfMessages: number }) => ({
      Messages: n >= 26 ? [] : Array.from({ length: input.MaxNumberOfMessages }, () => message(n++)),
    }));
    const leased = await queue().lease(26, 90_500);
    expect(leased.map((m) => m.receipt)).toHaveLength(26);
    const calls = sqs.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input);
    expect(calls.map((c) => [c.MaxNumberOfMessages, c.WaitTimeSeconds, c.VisibilityTimeout])).toEqual([
      [10, 20, 91],
      [10, 20, 91],
      [6, 20, 91],
    ]);
  });

  it('stops at the first round that receives nothing', async () => {
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message(1)] })
      .resolves({ Messages: [] });
    const leased = await queue().lease(5, 1_000);
    expect(leased.map((m) => m.receipt)).toEqual(['r-1']);
    const calls = sqs.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input);
    expect(calls.map((c) => c.WaitTimeSeconds)).toEqual([20, 1]);
  });

  it('hands out what it received when a later receive fails, and fails when nothing was received', async () => {
    const down = Object.assign(new Error('down'), {
      name: 'InternalError',
      $metadata: { httpStatusCode: 500 },
    });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message(1)] })
      .rejects(down);
    expect((await queue().lease(5, 1_000)).map((m) => m.receipt)).toEqual(['r-1']);
    const error = await queue()
      .lease(5, 1_000)
      .catch((e: unknown) => e);
    expect(isLocusError(error, 'QUEUE_UNAVAILABLE')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
  });

  it('holds an undecodable message back for 12 hours and counts it once, however often it is seen', async () => {
    const bad = { MessageId: 'bad-1', ReceiptHandle: 'r-bad', Body: 'garbage' };
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [bad, message(1)] })
      .resolvesOnce({ Messages: [] })
      .resolvesOnce({ Messages: [{ ...bad, ReceiptHandle: 'r-bad-2' }] })
      .resolves({ Messages: [] });
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    sqs.on(GetQueueAttributesCommand).resolves({
      Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '2' },
    });
    const q = queue();
    expect((await q.lease(10, 1_000)).map((m) => m.receipt)).toEqual(['r-1']);
    expect(await q.lease(10, 1_000)).toEqual([]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: 'https://sqs.test/q', ReceiptHandle: 'r-bad', VisibilityTimeout: 43_200 },
      { QueueUrl: 'https://sqs.test/q', ReceiptHandle: 'r-bad-2', VisibilityTimeout: 43_200 },
    ]);
    expect(await q.depth()).toEqual({ ready: 0, leased: 1, quarantined: 1 });
  });

  it('deletes in batches of ten, retries entries SQS failed, and ignores receipts it does not know', async () => {
    sqs
      .on(DeleteMessageBatchCommand)
      .callsFakeOnce((input: { Entries: { Id: string }[] }) => ({
        Successful: input.Entries.slice(2).map((e) => ({ Id: e.Id })),
        Failed: [
          { Id: '0', Code: 'InternalError', SenderFault: false },
          { Id: '1', Code: 'ReceiptHandleIsInvalid', SenderFault: true },
        ],
      }))
      .callsFake((input: { Entries: { Id: string }[] }) => ({
        Successful: input.Entries.map((e) => ({ Id: e.Id })),
        Failed: [],
      }));
    const receipts = Array.from({ length: 23 }, (_, i) => `r-${i}`);
    await queue().acknowledge([...receipts, 'r-0']);
    const calls = sqs
      .commandCalls(DeleteMessageBatchCommand)
      .map((call) => (call.args[0].input.Entries as { ReceiptHandle: string }[]).map((e) => e.ReceiptHandle));
    expect(calls.map((c) => c.length).sort((a, b) => a - b)).toEqual([1, 3, 10, 10]);
    expect(calls.find((c) => c.length === 1)).toEqual([calls[0]?.[0]]);
    expect(new Set(calls.flat())).toEqual(new Set(receipts));
  });

  it('fails with QUEUE_UNAVAILABLE when deletes keep failing', async () => {
    sqs.on(DeleteMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }],
    });
    const error = await queue()
      .acknowledge(['r-1'])
      .catch((e: unknown) => e);
    expect(isLocusError(error, 'QUEUE_UNAVAILABLE')).toBe(true);
    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(5);
  });
});
