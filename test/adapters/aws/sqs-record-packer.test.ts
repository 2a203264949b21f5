import { encodeRecordLine, readMessageBody } from '../../../src/adapters/aws/sqs/sqs-message-body';
import { SqsRecordPacker } from '../../../src/adapters/aws/sqs/sqs-record-packer';
import { LocusError } from '../../../src/ports';
import { aRecord, expectSameRecords, someRecords } from '../../support/records';

/** A sender whose messages stay in flight until the test lets SQS answer. */
const heldSender = () => {
  const sent: { body: string; take: () => void; fail: (error: Error) => void }[] = [];
  const send = (body: string) =>
    new Promise<void>((resolve, reject) => {
      sent.push({ body, take: resolve, fail: reject });
    });
  return { sent, send };
};

const settled = <T>(promise: Promise<T>) => {
  const state = { done: false, error: undefined as unknown };
  promise.then(
    () => (state.done = true),
    (error: unknown) => (state.error = error),
  );
  return state;
};

/** Lets promise callbacks that are ready run. */
const drain = () => new Promise((resolve) => setImmediate(resolve));

describe('SqsRecordPacker', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] }));
  afterEach(() => jest.useRealTimers());

  it('packs the records of requests within the linger into one message, answered only once SQS has it', async () => {
    const sqs = heldSender();
    const packer = new SqsRecordPacker(sqs.send, { lingerMs: 5 });
    const requests = Array.from({ length: 30 }, (_, i) => someRecords(2, i + 1));
    const answers = requests.map((records) => settled(packer.add(records)));
    jest.advanceTimersByTime(4);
    expect(sqs.sent).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(sqs.sent).toHaveLength(1);
    await drain();
    expect(answers.some((a) => a.done)).toBe(false);
    sqs.sent[0]?.take();
    await drain();
    expect(answers.every((a) => a.done)).toBe(true);
    expectSameRecords(readMessageBody(sqs.sent[0]?.body ?? '').records, requests.flat());
  });

  it('starts a new message after the linger, so no request waits longer than it', async () => {
    const sqs = heldSender();
    const packer = new SqsRecordPacker(sqs.send, { lingerMs: 5 });
    void packer.add([aRecord({ deviceId: 'first' })]);
    jest.advanceTimersByTime(5);
    void packer.add([aRecord({ deviceId: 'second' })]);
    jest.advanceTimersByTime(5);
    expect(sqs.sent.map((m) => readMessageBody(m.body).records.map((r) => r.deviceId))).toEqual([
      ['first'],
      ['second'],
    ]);
  });

  it('sends a full message at once and keeps a request that fits in one message whole', async () => {
    const sqs = heldSender();
    const line = Buffer.byteLength(encodeRecordLine(aRecord({ deviceId: 'sized-0' })));
    const packer = new SqsRecordPacker(sqs.send, { lingerMs: 1_000, maxBytes: line * 5 });
    const sizes = [2, 2, 3, 5, 1];
    let n = 0;
    for (const size of sizes) {
      void packer.add(Array.from({ length: size }, () => aRecord({ deviceId: `sized-${n++ % 10}` })));
    }
    // [2,2] then 3 does not fit (a message of its own), 5 fills one, 1 waits for the linger.
    expect(sqs.sent.map((m) => readMessageBody(m.body).records.length)).toEqual([4, 3, 5]);
    for (const message of sqs.sent) expect(Buffer.byteLength(message.body)).toBeLessThanOrEqual(line * 5);
    jest.advanceTimersByTime(1_000);
    expect(sqs.sent.map((m) => readMessageBody(m.body).records.length)).toEqual([4, 3, 5, 1]);
  });

  it('splits a request larger than a message, and answers it once every part is on the queue', async () => {
    const sqs = heldSender();
    const line = Buffer.byteLength(encodeRecordLine(aRecord({ deviceId: 'sized-0' })));
    const packer = new SqsRecordPacker(sqs.send, { lingerMs: 5, maxBytes: line * 4 });
    const records = Array.from({ length: 10 }, (_, i) => aRecord({ deviceId: `sized-${i}` }));
    const answer = settled(packer.add(records));
    jest.advanceTimersByTime(5);
    expect(sqs.sent.map((m) => readMessageBody(m.body).records.length)).toEqual([4, 4, 2]);
    sqs.sent[0]?.take();
    sqs.sent[1]?.take();
    await drain();
    expect(answer.done).toBe(false);
    sqs.sent[2]?.take();
    await drain();
    expect(answer.done).toBe(true);
    expectSameRecords(
      sqs.sent.flatMap((m) => readMessageBody(m.body).records),
      records,
    );
  });

  it('fails every request of a message SQS did not take, and only those', async () => {
    const sqs = heldSender();
    const packer = new SqsRecordPacker(sqs.send, { lingerMs: 5 });
    const early = [
      settled(packer.add([aRecord({ deviceId: 'a' })])),
      settled(packer.add([aRecord({ deviceId: 'b' })])),
    ];
    jest.advanceTimersByTime(5);
    const late = settled(packer.add([aRecord({ deviceId: 'c' })]));
    jest.advanceTimersByTime(5);
    const refused = new LocusError('QUEUE_UNAVAILABLE', 'SQS did not take the message');
    sqs.sent[0]?.fail(refused);
    sqs.sent[1]?.take();
    await drain();
    expect(early.map((a) => a.error)).toEqual([refused, refused]);
    expect(late.done).toBe(true);
  });
});
