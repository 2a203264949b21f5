import { METRIC } from '../../deploy/lambda/shared/telemetry';
import { type CapturedOutput, captureOutput } from '../../deploy/test/lambda/captured-output';
import { lambdaContext } from '../../deploy/test/lambda/lambda-fixtures';
import { lambdaAnswer, parityEvent, serverAnswer } from '../../deploy/test/lambda/parity-answers';
import { parseRequestFixture } from '../../deploy/test/lambda/parse-request-fixture';
import { TOKENS } from '../../src/application/tokens';
import { failingQueue } from '../support/failing-queue';
import { ManualClock } from '../support/manual-clock';
import { CLIENT_CASES, type ClientCase } from './client-cases';
import { JANE, OWNTRACKS_RECORDER_EXAMPLE } from './client-fixtures';

describe('the tracking apps through parse_request (memory profile), answering as the local server', () => {
  let output: CapturedOutput;

  beforeEach(() => {
    output = captureOutput();
  });

  afterEach(() => {
    output.restore();
  });

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
    const lambda = parseRequestFixture({}, { clock: new ManualClock(c.receivedAt) });
    try {
      const event = { ...parityEvent(c), routeKey: '$default' };
      const result = await lambda.handler(event, lambdaContext('parse_request'));
      expect(result.statusCode).toBe(202);
      expect(result.body).toBe('[]');
    } finally {
      await lambda.close();
    }
  });

  it('answers 503 as the local server does when the queue cannot take the records', async () => {
    const c: ClientCase = {
      name: 'OwnTracks with the queue down',
      method: 'POST',
      path: '/owntracks',
      headers: JANE,
      body: OWNTRACKS_RECORDER_EXAMPLE,
      receivedAt: (1441984413 + 60) * 1000,
      status: 503,
    };
    const lambda = await lambdaAnswer(c, failingQueue);
    expect(lambda.answer.status).toBe(503);
    expect(lambda.answer).toEqual(await serverAnswer(c, failingQueue));
    expect(output.metric(METRIC.failedRequests)).toEqual([1]);
  });

  it('keeps the refused items of an Overland batch in its rejected store, as the local server does', async () => {
    const c = CLIENT_CASES.find((x) => x.name === 'Overland: a partly invalid batch') as ClientCase;
    const lambda = parseRequestFixture({}, { clock: new ManualClock(c.receivedAt) });
    try {
      const result = await lambda.handler(parityEvent(c), lambdaContext('parse_request'));
      expect(JSON.parse(result.body as string)).toEqual(
        expect.objectContaining({ result: 'ok', accepted: 1 }),
      );
      const store = lambda.root.get(TOKENS.rejected);
      const [date] = await store.dates();
      expect((await store.list(date as string)).map((item) => [item.route, item.index])).toEqual(
        expect.arrayContaining([
          ['/overland', 1],
          ['/overland', 2],
        ]),
      );
      expect(await store.count(date as string)).toBe(2);
    } finally {
      await lambda.close();
    }
  });

  it.each([
    ['GET', '/locations', 405, 'POST'],
    ['PUT', '/osmand/', 405, 'GET, POST'],
    ['GET', '/owntracks', 405, 'POST'],
    ['GET', '/nowhere', 404, undefined],
  ])(
    'answers %s %s on the $default route with %s as the local server does',
    async (method, path, status, allow) => {
      const lambda = parseRequestFixture();
      try {
        const event = {
          ...parityEvent({ method, path, headers: {} }),
          routeKey: '$default',
          rawPath: path,
          requestContext: {
            ...parityEvent({ method, path, headers: {} }).requestContext,
            http: { method, path },
          },
        } as ReturnType<typeof parityEvent>;
        const result = await lambda.handler(event, lambdaContext('parse_request'));
        expect(result.statusCode).toBe(status);
        expect(result.headers?.allow).toBe(allow);
        const server = await serverAnswer({ method, path, headers: {} });
        expect(server.status).toBe(status);
        expect(JSON.parse(result.body as string)).toEqual(server.body);
      } finally {
        await lambda.close();
      }
    },
  );
});
