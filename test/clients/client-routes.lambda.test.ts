import { METRIC } from '../../deploy/lambda/shared/telemetry';
import { type CapturedOutput, captureOutput } from '../../deploy/test/lambda/captured-output';
import { lambdaContext } from '../../deploy/test/lambda/lambda-fixtures';
import { lambdaAnswer, parityEvent, serverAnswer } from '../../deploy/test/lambda/parity-answers';
import { parseRequestFixture } from '../../deploy/test/lambda/parse-request-fixture';
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
});
