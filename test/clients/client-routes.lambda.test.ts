import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createParseRequestHandler } from '../../deploy/lambda/parse-request/handler';
import { createParseRequestRoot } from '../../deploy/lambda/parse-request/root';
import { createTelemetry, METRIC } from '../../deploy/lambda/shared/telemetry';
import { type CapturedOutput, captureOutput } from '../../deploy/test/lambda/captured-output';
import { httpApiEvent, lambdaContext } from '../../deploy/test/lambda/lambda-fixtures';
import { ReceiveService } from '../../src/application/receive/receive-service';
import { DEFAULT_CORE_SETTINGS } from '../../src/application/settings';
import { TOKENS } from '../../src/application/tokens';
import { type LocationQueue, LocusError } from '../../src/ports';
import { type HttpFixture, httpFixture, NOW } from '../http/http-fixture';
import { ManualClock } from '../support/manual-clock';
import { CLIENT_CASES, type ClientCase } from './client-cases';
import { OWNTRACKS_RECORDER_EXAMPLE } from './client-fixtures';

const failingQueue: LocationQueue = {
  enqueue: async () => {
    throw new LocusError('QUEUE_UNAVAILABLE', 'the queue is down');
  },
  lease: async () => [],
  acknowledge: async () => {},
  depth: async () => ({ ready: 0, leased: 0, quarantined: 0 }),
};

/** The event an HTTP API (payload 2.0) hands `parse_request` for a route of the apps. */
const clientEvent = (
  c: Pick<ClientCase, 'method' | 'path' | 'query' | 'headers' | 'body'>,
): APIGatewayProxyEventV2 => {
  const base = httpApiEvent({ ...(c.body === undefined ? {} : { body: c.body }), headers: c.headers });
  const routeKey = `${c.method} ${c.path}`;
  return {
    ...base,
    routeKey,
    rawPath: c.path,
    rawQueryString: c.query ?? '',
    requestContext: {
      ...base.requestContext,
      routeKey,
      http: { ...base.requestContext.http, method: c.method, path: c.path },
    },
  };
};

describe('the tracking apps through parse_request (memory profile), answering as the local server', () => {
  let output: CapturedOutput;
  let server: HttpFixture | undefined;

  beforeEach(() => {
    output = captureOutput();
  });

  afterEach(async () => {
    output.restore();
    await server?.close();
    server = undefined;
  });

  const lambdaAnswer = async (c: ClientCase, queue?: LocationQueue) => {
    const root = createParseRequestRoot(
      { LOCUS_PROFILE: 'memory', ...c.env },
      { clock: new ManualClock(c.receivedAt ?? NOW) },
    );
    try {
      if (queue !== undefined) root.container.rebindSync(TOKENS.LocationQueue).toConstantValue(queue);
      const handler = createParseRequestHandler(root, createTelemetry('parse_request'));
      const result = await handler(clientEvent(c), lambdaContext('parse_request'));
      const leased = await root.get(TOKENS.LocationQueue).lease(100, 60_000);
      const headers = result.headers ?? {};
      return {
        answer: {
          status: result.statusCode,
          contentType: headers['content-type'],
          retryAfter: headers['retry-after'],
          body: result.body === '' ? undefined : JSON.parse(result.body as string),
        },
        queued: leased.flatMap((m) => m.records.map((r) => r.recordId)),
      };
    } finally {
      await root.close();
    }
  };

  const serverAnswer = async (c: ClientCase, queue?: LocationQueue) => {
    server = await httpFixture(
      c.env ?? {},
      queue === undefined ? {} : { receive: new ReceiveService(queue, DEFAULT_CORE_SETTINGS) },
    );
    server.clock.set(c.receivedAt ?? NOW);
    const response = await server.request({
      method: c.method,
      path: `${c.path}${c.query === undefined ? '' : `?${c.query}`}`,
      headers: c.headers,
      ...(c.body === undefined ? {} : { body: c.body }),
    });
    return {
      status: response.status,
      contentType: response.headers['content-type'],
      retryAfter: response.headers['retry-after'],
      body: response.text === '' ? undefined : response.json(),
    };
  };

  it.each(CLIENT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const lambda = await lambdaAnswer(c);
    expect(lambda.answer.status).toBe(c.status);
    expect(lambda.answer).toEqual(await serverAnswer(c));
    if (c.status === 202) expect(lambda.queued.length).toBeGreaterThan(0);
    else expect(lambda.queued).toEqual([]);
  });

  it('stores an OwnTracks location on the queue and counts it', async () => {
    const c = CLIENT_CASES[0] as ClientCase;
    const { answer, queued } = await lambdaAnswer(c);
    expect(answer.body).toEqual([]);
    expect(queued).toHaveLength(1);
    expect(output.metric(METRIC.acceptedRecords)).toEqual([1]);
    expect(output.metric(METRIC.rejectedRecords)).toEqual([0]);
  });

  it('counts the refused items of a partly invalid Overland batch', async () => {
    const c = CLIENT_CASES.find((x) => x.name === 'Overland: a partly invalid batch') as ClientCase;
    await lambdaAnswer(c);
    expect(output.metric(METRIC.acceptedRecords)).toEqual([1]);
    expect(output.metric(METRIC.rejectedRecords)).toEqual([2]);
  });

  it('reads the route from rawPath when the route key is $default', async () => {
    const c = CLIENT_CASES[0] as ClientCase;
    const root = createParseRequestRoot(
      { LOCUS_PROFILE: 'memory' },
      { clock: new ManualClock(c.receivedAt) },
    );
    try {
      const handler = createParseRequestHandler(root, createTelemetry('parse_request'));
      const event = { ...clientEvent(c), routeKey: '$default' };
      const result = await handler(event, lambdaContext('parse_request'));
      expect(result.statusCode).toBe(202);
      expect(result.body).toBe('[]');
    } finally {
      await root.close();
    }
  });

  it('answers 503 as the local server does when the queue cannot take the records', async () => {
    const c: ClientCase = {
      name: 'OwnTracks with the queue down',
      method: 'POST',
      path: '/owntracks',
      headers: { 'content-type': 'application/json', 'x-limit-u': 'jane', 'x-limit-d': 'phone' },
      body: OWNTRACKS_RECORDER_EXAMPLE,
      receivedAt: (1441984413 + 60) * 1000,
      status: 503,
    };
    const lambda = await lambdaAnswer(c, failingQueue);
    expect(lambda.answer.status).toBe(503);
    expect(lambda.answer).toEqual(await serverAnswer(c, failingQueue));
    expect(output.metric(METRIC.failedRequests)).toEqual([1]);
  });
});
