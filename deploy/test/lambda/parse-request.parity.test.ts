import { ReceiveService } from '../../../src/application';
import { DEFAULT_CORE_SETTINGS } from '../../../src/application/settings';
import { TOKENS } from '../../../src/application/tokens';
import { type LocationQueue, LocusError } from '../../../src/ports';
import { aLocation, type HttpFixture, httpFixture, JSON_HEADERS, NOW } from '../../../test/http/http-fixture';
import { ManualClock } from '../../../test/support/manual-clock';
import { createParseRequestHandler } from '../../lambda/parse-request/handler';
import { createParseRequestRoot } from '../../lambda/parse-request/root';
import { createTelemetry } from '../../lambda/shared/telemetry';
import { type CapturedOutput, captureOutput } from './captured-output';
import { httpApiEvent, lambdaContext } from './lambda-fixtures';

interface Case {
  readonly name: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly env?: Record<string, string>;
}

const json = (payload: unknown): string => JSON.stringify(payload);

const CASES: readonly Case[] = [
  { name: 'one valid location', body: json(aLocation()), headers: JSON_HEADERS },
  {
    name: 'a batch with some invalid items',
    body: json({
      locations: [aLocation(), aLocation({ latitude: 91 }), { deviceId: 'x' }, aLocation({ speed: -1 })],
    }),
    headers: JSON_HEADERS,
  },
  {
    name: 'a batch with no valid item',
    body: json({ locations: [aLocation({ longitude: 'east' }), aLocation({ timestamp: 'noon' })] }),
    headers: JSON_HEADERS,
  },
  { name: 'malformed JSON', body: '{"deviceId": ', headers: JSON_HEADERS },
  { name: 'an empty body', body: '', headers: JSON_HEADERS },
  { name: 'a bare array', body: '[]', headers: JSON_HEADERS },
  { name: 'a JSON string', body: '"hello"', headers: JSON_HEADERS },
  { name: 'an empty batch', body: '{"locations": []}', headers: JSON_HEADERS },
  { name: 'text/plain', body: json(aLocation()), headers: { 'content-type': 'text/plain' } },
  {
    name: 'a +json type with a charset',
    body: json(aLocation()),
    headers: { 'content-type': 'application/vnd.locus+json; charset=utf-8' },
  },
  {
    name: 'a body over LOCUS_MAX_BODY_BYTES',
    body: json({ locations: Array.from({ length: 20 }, () => aLocation()) }),
    headers: JSON_HEADERS,
    env: { LOCUS_MAX_BODY_BYTES: '1KiB' },
  },
  {
    name: 'a batch over LOCUS_MAX_BATCH',
    body: json({ locations: [aLocation(), aLocation(), aLocation()] }),
    headers: JSON_HEADERS,
    env: { LOCUS_MAX_BATCH: '2' },
  },
  {
    name: 'a timestamp beyond LOCUS_MAX_FUTURE_SKEW',
    body: json(aLocation({ timestamp: '2026-11-28T09:17:00Z' })),
    headers: JSON_HEADERS,
    env: { LOCUS_MAX_FUTURE_SKEW: '1m' },
  },
];

const failingQueue: LocationQueue = {
  enqueue: async () => {
    throw new LocusError('QUEUE_UNAVAILABLE', 'the queue is down');
  },
  lease: async () => [],
  acknowledge: async () => {},
  depth: async () => ({ ready: 0, leased: 0, quarantined: 0 }),
};

describe('parse_request answers exactly as the local server does', () => {
  let server: HttpFixture | undefined;
  let output: CapturedOutput;

  beforeEach(() => {
    output = captureOutput();
  });

  afterEach(async () => {
    output.restore();
    await server?.close();
    server = undefined;
  });

  const lambdaAnswer = async (c: Case, queue?: LocationQueue) => {
    const root = createParseRequestRoot(
      { LOCUS_PROFILE: 'memory', ...c.env },
      { clock: new ManualClock(NOW) },
    );
    try {
      if (queue !== undefined) root.container.rebindSync(TOKENS.LocationQueue).toConstantValue(queue);
      const handler = createParseRequestHandler(root, createTelemetry('parse_request'));
      const result = await handler(
        httpApiEvent({ body: c.body, headers: c.headers }),
        lambdaContext('parse_request'),
      );
      const headers = result.headers ?? {};
      return {
        status: result.statusCode,
        contentType: headers['content-type'],
        retryAfter: headers['retry-after'],
        body: JSON.parse(result.body as string),
      };
    } finally {
      await root.close();
    }
  };

  const serverAnswer = async (c: Case, queue?: LocationQueue) => {
    server = await httpFixture(
      c.env ?? {},
      queue === undefined ? {} : { receive: new ReceiveService(queue, DEFAULT_CORE_SETTINGS) },
    );
    const response = await server.post(c.body, c.headers);
    return {
      status: response.status,
      contentType: response.headers['content-type'],
      retryAfter: response.headers['retry-after'],
      body: response.json(),
    };
  };

  it.each(CASES.map((c) => [c.name, c] as const))('for %s', async (_name, c) => {
    const local = await serverAnswer(c);
    const lambda = await lambdaAnswer(c);
    expect(lambda).toEqual(local);
  });

  it('when the queue cannot take the records (503)', async () => {
    const c = CASES[0] as Case;
    const local = await serverAnswer(c, failingQueue);
    const lambda = await lambdaAnswer(c, failingQueue);
    expect(local.status).toBe(503);
    expect(lambda).toEqual(local);
  });

  it('covers every status of the contract but 401', async () => {
    const statuses = new Set<number | undefined>();
    for (const c of CASES) statuses.add((await lambdaAnswer(c)).status);
    statuses.add((await lambdaAnswer(CASES[0] as Case, failingQueue)).status);
    expect([...statuses].sort()).toEqual([202, 400, 413, 415, 503]);
  });
});
