import './quiet-sdk';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { SqsLocationQueue } from '../../../src/adapters/aws/sqs/sqs-location-queue';
import { readMessageBody } from '../../../src/adapters/aws/sqs/sqs-message-body';
import { SqsSendBatcher } from '../../../src/adapters/aws/sqs/sqs-send-batcher';
import type { AwsAdapterConfig } from '../../../src/config/aws-config';
import { isLocusError, type LocusError } from '../../../src/ports';
import { aRecord, someRecords } from '../../support/records';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/locus';

// biome-ignore lint/suspicious/noExplicitAny: the stub's generic parameters are the client's own
type SqsStub = AwsStub<any, any, any>;
type Entry = { Id: string; MessageBody: string };

const config = (): AwsAdapterConfig => ({
  region: 'eu-west-1',
  maxAttempts: 1,
  queue: { url: QUEUE_URL, waitTimeSeconds: 0, receivers: 4, sendLingerMs: 0 },
  buckets: { work: 'w', storage: 's', download: 'd' },
  keyPrefix: '',
  lockSettleMs: 0,
});

const entriesOf = (sqs: SqsStub): Entry[][] =>
  sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries as Entry[]);

const allTaken = (input: { Entries: Entry[] }) => ({
  Successful: input.Entries.map((e) => ({ Id: e.Id })),
  Failed: [],
});

const outcome = (promise: Promise<void>): Promise<'taken' | LocusError> =>
  promise.then(
    () => 'taken' as const,
    (error: LocusError) => error,
  );

describe('SqsSendBatcher', () => {
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

  const batcher = () => new SqsSendBatcher(client, QUEUE_URL, { lingerMs: 2, retryBaseMs: 1, retryMaxMs: 4 });

  it('without a linger groups the enqueues of one turn into SendMessageBatch calls of at most ten, one message per request', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(allTaken);
    const queue = new SqsLocationQueue(client, config());
    const requests = Array.from({ length: 25 }, (_, i) => someRecords(3, i + 1));
    await Promise.all(requests.map((records) => queue.enqueue(records)));
    const calls = entriesOf(sqs);
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 5]);
    const bodies = calls.flat().map((entry) => readMessageBody(entry.MessageBody).records);
    expect(bodies).toEqual(requests);
  });

  it('keeps a call within 256 KiB, and splits a request whose records exceed it into several messages', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(allTaken);
    const queue = new SqsLocationQueue(client, config());
    const big = someRecords(2_500, 9);
    await Promise.all([queue.enqueue(big), queue.enqueue([aRecord()])]);
    const calls = entriesOf(sqs);
    for (const entries of calls) {
      const bytes = entries.reduce((sum, entry) => sum + Buffer.byteLength(entry.MessageBody), 0);
      expect(bytes).toBeLessThanOrEqual(262_144);
    }
    const messages = calls.flat().map((entry) => readMessageBody(entry.MessageBody).records);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    const byId = (a: { recordId: string }, b: { recordId: string }) => a.recordId.localeCompare(b.recordId);
    expect(messages.flat().sort(byId)).toEqual([...big, aRecord()].sort(byId));
  });

  it('sends the entries SQS failed again, alone, and resolves every message once taken', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .callsFakeOnce((input: { Entries: Entry[] }) => ({
        Successful: input.Entries.filter((e) => e.Id !== '1').map((e) => ({ Id: e.Id })),
        Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
      }))
      .callsFake(allTaken);
    const send = batcher();
    const results = await Promise.all(['a', 'b', 'c'].map((body) => outcome(send.send(body))));
    expect(results).toEqual(['taken', 'taken', 'taken']);
    expect(entriesOf(sqs).map((entries) => entries.map((e) => e.MessageBody))).toEqual([
      ['a', 'b', 'c'],
      ['b'],
    ]);
  });

  it('rejects only the message that kept failing, after a bounded number of tries', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Entry[] }) => ({
      Successful: input.Entries.filter((e) => e.MessageBody !== 'doomed').map((e) => ({ Id: e.Id })),
      Failed: input.Entries.filter((e) => e.MessageBody === 'doomed').map((e) => ({
        Id: e.Id,
        Code: 'ServiceUnavailable',
        SenderFault: false,
      })),
    }));
    const send = batcher();
    const [ok, doomed] = await Promise.all([outcome(send.send('fine')), outcome(send.send('doomed'))]);
    expect(ok).toBe('taken');
    expect(isLocusError(doomed, 'QUEUE_UNAVAILABLE')).toBe(true);
    expect((doomed as LocusError).retryable).toBe(true);
    expect(
      entriesOf(sqs)
        .flat()
        .filter((e) => e.MessageBody === 'doomed'),
    ).toHaveLength(4);
  });

  it('does not retry an entry SQS refused as the sender fault', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', Code: 'InvalidMessageContents', SenderFault: true }],
    });
    const error = await outcome(batcher().send('refused'));
    expect(isLocusError(error, 'QUEUE_UNAVAILABLE')).toBe(true);
    expect((error as LocusError).retryable).toBe(false);
    expect(entriesOf(sqs)).toHaveLength(1);
  });

  it('retries a call that failed as a whole, and rejects all its messages when it keeps failing', async () => {
    const unavailable = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    sqs.on(SendMessageBatchCommand).rejectsOnce(unavailable).callsFake(allTaken);
    expect(await outcome(batcher().send('once'))).toBe('taken');

    sqs.reset();
    const down = Object.assign(new Error('down'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    sqs.on(SendMessageBatchCommand).rejects(down);
    const send = batcher();
    const results = await Promise.all(['x', 'y'].map((body) => outcome(send.send(body))));
    for (const result of results) {
      expect(isLocusError(result, 'QUEUE_UNAVAILABLE')).toBe(true);
      expect((result as LocusError).cause).toBe(down);
    }
  });

  it('does not retry a call refused for good (the queue does not exist)', async () => {
    const missing = Object.assign(new Error('no queue'), {
      name: 'QueueDoesNotExist',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    sqs.on(SendMessageBatchCommand).rejects(missing);
    const error = await outcome(batcher().send('lost'));
    expect(isLocusError(error, 'QUEUE_UNAVAILABLE')).toBe(true);
    expect((error as LocusError).retryable).toBe(false);
    expect(entriesOf(sqs)).toHaveLength(1);
  });
});
