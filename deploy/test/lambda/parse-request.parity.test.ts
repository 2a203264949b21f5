import { aLocation, JSON_HEADERS } from '../../../test/http/http-fixture';
import { failingQueue } from '../../../test/support/failing-queue';
import { type CapturedOutput, captureOutput } from './captured-output';
import { lambdaAnswer, type ParityRequest, serverAnswer } from './parity-answers';

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

/** A case as a request to `POST /locations`. */
const request = (c: Case): ParityRequest => ({ method: 'POST', path: '/locations', ...c });

describe('parse_request answers exactly as the local server does', () => {
  let output: CapturedOutput;

  beforeEach(() => {
    output = captureOutput();
  });

  afterEach(() => {
    output.restore();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('for %s', async (_name, c) => {
    const local = await serverAnswer(request(c));
    const { answer: lambda } = await lambdaAnswer(request(c));
    expect(lambda).toEqual(local);
  });

  it('when the queue cannot take the records (503)', async () => {
    const c = CASES[0] as Case;
    const local = await serverAnswer(request(c), failingQueue);
    const { answer: lambda } = await lambdaAnswer(request(c), failingQueue);
    expect(local.status).toBe(503);
    expect(lambda).toEqual(local);
  });

  it('covers every status of the contract but 401', async () => {
    const statuses = new Set<number | undefined>();
    for (const c of CASES) statuses.add((await lambdaAnswer(request(c))).answer.status);
    statuses.add((await lambdaAnswer(request(CASES[0] as Case), failingQueue)).answer.status);
    expect([...statuses].sort()).toEqual([202, 400, 413, 415, 503]);
  });
});
