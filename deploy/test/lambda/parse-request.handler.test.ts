import { SqsLocationQueue } from '../../../src/adapters/aws/sqs/sqs-location-queue';
import type { LocationRecord } from '../../../src/domain';
import { uniqueName, useFauxqs } from '../../../test/adapters/aws/fauxqs-setup';
import { aLocation, NOW } from '../../../test/http/http-fixture';
import { eventually } from '../../../test/support/eventually';
import { ManualClock } from '../../../test/support/manual-clock';
import { createParseRequestHandler, type ParseRequestHandler } from '../../lambda/parse-request/handler';
import { createParseRequestRoot } from '../../lambda/parse-request/root';
import type { EntryRoot } from '../../lambda/shared/entry-root';
import { createTelemetry, METRIC } from '../../lambda/shared/telemetry';
import { fauxqsEnv, useStaticAwsCredentials } from './aws-test-env';
import { type CapturedOutput, captureOutput } from './captured-output';
import { httpApiEvent, jsonEvent } from './lambda-fixtures';
import { callParseRequest } from './parse-request-fixture';

useStaticAwsCredentials();
const aws = useFauxqs();

describe('parse_request on the aws profile (SQS in fauxqs)', () => {
  let output: CapturedOutput;
  let root: EntryRoot;
  let handler: ParseRequestHandler;
  let queueUrl: string;
  let removeQueue: () => Promise<void>;

  const setUp = (env: Record<string, string> = {}) => {
    // As the stack deploys it: one request per invocation, so its messages are sent without a linger.
    const deployed = { LOCUS_AWS_SQS_LINGER_MS: '0', ...env };
    root = createParseRequestRoot(fauxqsEnv(aws.fauxqs, { queueUrl, bucket: 'locus-unused' }, deployed), {
      clock: new ManualClock(NOW),
    });
    handler = createParseRequestHandler(root, createTelemetry('parse_request'));
  };

  /** What is on the queue now (leased for a minute, so each message is read once). */
  const onQueue = async (expected: number): Promise<LocationRecord[]> => {
    const reader = new SqsLocationQueue(
      aws.sqs,
      aws.config({ queue: { url: queueUrl, waitTimeSeconds: 0, receivers: 2, sendLingerMs: 0 } }),
    );
    const records: LocationRecord[] = [];
    await eventually(
      async () => {
        for (const message of await reader.lease(10, 60_000)) records.push(...message.records);
        return records.length;
      },
      (n) => n >= expected,
      { timeoutMs: 5_000, intervalMs: 50 },
    );
    return records;
  };

  const call = (event: Parameters<ParseRequestHandler>[0]) => callParseRequest(handler, event);

  beforeEach(async () => {
    ({ url: queueUrl, remove: removeQueue } = await aws.newQueue());
    output = captureOutput();
  });

  afterEach(async () => {
    output.restore();
    await root?.close();
    await removeQueue();
  });

  it('answers 202 with the id of one location once it is on the queue, and counts it', async () => {
    setUp();
    const result = await call(jsonEvent(aLocation()));
    expect(result.statusCode).toBe(202);
    expect(result.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    expect(result.json).toEqual({
      accepted: 1,
      ids: [expect.stringMatching(/^[0-9a-f]{32}$/)],
      rejected: [],
    });
    const records = await onQueue(1);
    expect(records.map((r) => r.recordId)).toEqual(result.json.ids);
    expect(records[0]).toEqual(expect.objectContaining({ deviceId: 'phone-0042', receivedAt: NOW }));
    expect(output.metric(METRIC.acceptedRecords)).toEqual([1]);
    expect(output.metric(METRIC.rejectedRecords)).toEqual([0]);
  });

  it('accepts the valid items of a batch and reports each invalid one (202)', async () => {
    setUp();
    const result = await call(
      jsonEvent({
        locations: [
          aLocation(),
          aLocation({ latitude: 91 }),
          aLocation({ deviceId: 'phone-7' }),
          { deviceId: 'x' },
        ],
      }),
    );
    expect(result.statusCode).toBe(202);
    expect(result.json.accepted).toBe(2);
    expect(result.json.rejected).toEqual(
      expect.arrayContaining([
        { index: 1, field: 'latitude', reason: expect.stringContaining('between -90 and 90') },
        expect.objectContaining({ index: 3, field: 'timestamp' }),
      ]),
    );
    expect((await onQueue(2)).map((r) => r.recordId).sort()).toEqual([...result.json.ids].sort());
    expect(output.metric(METRIC.acceptedRecords)).toEqual([2]);
    expect(output.metric(METRIC.rejectedRecords)).toEqual([2]);
  });

  it('decodes a base64-encoded body (isBase64Encoded)', async () => {
    setUp();
    const body = Buffer.from(
      JSON.stringify({ locations: [aLocation(), aLocation({ deviceId: 'phone-9' })] }),
    );
    const result = await call(
      httpApiEvent({
        body: body.toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      }),
    );
    expect(result.statusCode).toBe(202);
    expect(result.json.accepted).toBe(2);
    expect(await onQueue(2)).toHaveLength(2);
  });

  it.each([
    ['malformed JSON', { body: '{"deviceId": ', isBase64Encoded: false }, /not valid JSON/],
    [
      'malformed JSON, base64-encoded',
      { body: Buffer.from('{"lat').toString('base64'), isBase64Encoded: true },
      /not valid JSON/,
    ],
    ['no body at all', { isBase64Encoded: false }, /empty/],
  ])('answers 400 to %s', async (_name, options, message) => {
    setUp();
    const result = await call(httpApiEvent({ ...options, headers: { 'content-type': 'application/json' } }));
    expect(result.statusCode).toBe(400);
    expect(result.json).toEqual({ error: 'invalid_json', message: expect.stringMatching(message) });
    expect(output.metric(METRIC.refusedRequests)).toEqual([1]);
  });

  it('answers 400 with every reason when no item is valid, and enqueues nothing', async () => {
    setUp();
    const result = await call(
      jsonEvent({ locations: [aLocation({ longitude: 'east' }), aLocation({ timestamp: 'noon' })] }),
    );
    expect(result.statusCode).toBe(400);
    expect(result.json).toEqual({
      error: 'invalid_request',
      message: 'no valid location in the request',
      rejected: [
        expect.objectContaining({ index: 0, field: 'longitude' }),
        expect.objectContaining({ index: 1, field: 'timestamp' }),
      ],
    });
    expect(output.metric(METRIC.rejectedRecords)).toEqual([2]);
    expect(
      await new SqsLocationQueue(
        aws.sqs,
        aws.config({ queue: { url: queueUrl, waitTimeSeconds: 0, receivers: 1, sendLingerMs: 0 } }),
      ).depth(),
    ).toEqual({ ready: 0, leased: 0, quarantined: 0 });
  });

  it.each([
    ['no content type', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
  ])('answers 415 to %s', async (_name, headers: Record<string, string>) => {
    setUp();
    const result = await call(httpApiEvent({ body: JSON.stringify(aLocation()), headers }));
    expect(result.statusCode).toBe(415);
    expect(result.json.error).toBe('unsupported_media_type');
  });

  it('answers 415 to a base64-encoded body without a content type', async () => {
    setUp();
    const body = Buffer.from(JSON.stringify(aLocation())).toString('base64');
    expect((await call(httpApiEvent({ body, isBase64Encoded: true }))).statusCode).toBe(415);
  });

  it('answers 413 to a body over LOCUS_MAX_BODY_BYTES, counting the decoded bytes of a base64 body', async () => {
    setUp({ LOCUS_MAX_BODY_BYTES: '1KiB' });
    const big = JSON.stringify({ locations: Array.from({ length: 20 }, () => aLocation()) });
    const plain = await call(jsonEvent(big));
    expect(plain.statusCode).toBe(413);
    expect(plain.json).toEqual({ error: 'payload_too_large', message: 'the body is larger than 1024 bytes' });
    const encoded = await call(
      httpApiEvent({
        body: Buffer.from(big).toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(encoded.statusCode).toBe(413);
    // A body under the limit whose base64 text is over it: the decoded size is what counts.
    const fits = JSON.stringify({
      locations: Array.from({ length: 7 }, (_, i) => aLocation({ deviceId: `phone-${i}` })),
    });
    const fitsEncoded = Buffer.from(fits).toString('base64');
    expect(Buffer.byteLength(fits)).toBeLessThan(1024);
    expect(fitsEncoded.length).toBeGreaterThan(1024);
    const small = await call(
      httpApiEvent({
        body: fitsEncoded,
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(small.statusCode).toBe(202);
  });

  it('answers 503 with retry-after when SQS cannot take the records, and logs it with the request id', async () => {
    setUp({ LOCUS_AWS_QUEUE_URL: `${aws.fauxqs.endpoint}/000000000000/${uniqueName('missing')}` });
    const event = jsonEvent(aLocation());
    const result = await call(event);
    expect(result.statusCode).toBe(503);
    expect(result.headers).toEqual(expect.objectContaining({ 'retry-after': '5' }));
    expect(result.json.error).toBe('unavailable');
    expect(output.metric(METRIC.failedRequests)).toEqual([1]);
    const [log] = output.logs().filter((line) => line.level === 'ERROR');
    expect(log).toEqual(
      expect.objectContaining({
        message: 'a request could not be received',
        requestId: event.requestContext.requestId,
        function_request_id: expect.stringMatching(/^c0ffee00-/),
        service: 'parse_request',
        status: 503,
      }),
    );
    expect(JSON.stringify(log)).not.toContain('35.681236');
  });
});
