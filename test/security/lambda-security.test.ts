import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  createParseRequestHandler,
  type ParseRequestHandler,
} from '../../deploy/lambda/parse-request/handler';
import { createParseRequestRoot } from '../../deploy/lambda/parse-request/root';
import type { EntryRoot } from '../../deploy/lambda/shared/entry-root';
import { createTelemetry } from '../../deploy/lambda/shared/telemetry';
import { fauxqsEnv, useStaticAwsCredentials } from '../../deploy/test/lambda/aws-test-env';
import { type CapturedOutput, captureOutput } from '../../deploy/test/lambda/captured-output';
import { httpApiEvent, jsonEvent, lambdaContext } from '../../deploy/test/lambda/lambda-fixtures';
import { TokenService } from '../../src/application/security/token-service';
import { TOKENS } from '../../src/application/tokens';
import { ssmTokenStore } from '../../src/composition/aws-security-stores';
import { useFauxqs } from '../adapters/aws/fauxqs-setup';
import { aLocation, NOW } from '../http/http-fixture';
import { ManualClock } from '../support/manual-clock';
import { type FakeSsm, startFakeSsm } from './fake-ssm';
import { basic } from './security-fixture';

useStaticAwsCredentials();

const call = async (handler: ParseRequestHandler, event: APIGatewayProxyEventV2) => {
  const result = await handler(event, lambdaContext('parse_request'));
  return { ...result, json: JSON.parse(result.body as string) };
};

describe('parse_request with device authentication (memory profile)', () => {
  let root: EntryRoot;
  let handler: ParseRequestHandler;
  let output: CapturedOutput;
  let clock: ManualClock;

  const setUp = (env: Record<string, string> = {}) => {
    clock = new ManualClock(NOW);
    root = createParseRequestRoot({ LOCUS_PROFILE: 'memory', LOCUS_AUTH: 'on', ...env }, { clock });
    handler = createParseRequestHandler(root, createTelemetry('parse_request'));
    return root.get(TokenService);
  };
  const queued = async () => (await root.get(TOKENS.LocationQueue).depth()).ready;

  beforeEach(() => {
    output = captureOutput();
  });

  afterEach(async () => {
    output.restore();
    await root.close();
  });

  it('answers 401 without a token, with a wrong one and with a revoked one; 202 with a valid one', async () => {
    const tokens = setUp({ LOCUS_TOKEN_CACHE: '0s' });
    const { token, id } = await tokens.create({ label: 'fleet', scope: 'ingest' });
    const missing = await call(handler, jsonEvent(aLocation()));
    expect(missing.statusCode).toBe(401);
    expect(missing.headers?.['www-authenticate']).toBe('Bearer realm="locus", Basic realm="locus"');
    expect(
      (await call(handler, jsonEvent(aLocation(), { authorization: `Bearer ${id}.${'x'.repeat(43)}` })))
        .statusCode,
    ).toBe(401);
    expect(
      (await call(handler, jsonEvent(aLocation(), { authorization: `Bearer ${token}` }))).statusCode,
    ).toBe(202);
    await tokens.revoke(id);
    const revoked = await call(handler, jsonEvent(aLocation(), { authorization: `Bearer ${token}` }));
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json.message).toBe('the token was revoked');
    expect(await queued()).toBe(1);
  });

  it("answers 403 for a record of another device than the token's, natively and from a tracking app", async () => {
    const tokens = setUp();
    const { token } = await tokens.create({
      label: 'alice',
      scope: 'ingest',
      devices: ['phone-0042', 'alice:phone'],
    });
    const headers = { authorization: `Bearer ${token}` };
    expect(
      (await call(handler, jsonEvent({ locations: [aLocation(), aLocation({ deviceId: 'x-1' })] }, headers)))
        .statusCode,
    ).toBe(403);
    const ownTracks = (device: string) =>
      httpApiEvent({
        body: JSON.stringify({
          _type: 'location',
          lat: 35.68,
          lon: 139.76,
          tst: NOW / 1000 - 60,
          topic: `owntracks/alice/${device}`,
        }),
        headers: { 'content-type': 'application/json', authorization: basic('alice', token) },
      });
    const asOwnTracks = (event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 => ({
      ...event,
      routeKey: 'POST /owntracks',
      rawPath: '/owntracks',
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path: '/owntracks' } },
    });
    expect((await call(handler, asOwnTracks(ownTracks('tablet')))).statusCode).toBe(403);
    expect((await call(handler, asOwnTracks(ownTracks('phone')))).statusCode).toBe(202);
    expect(await queued()).toBe(1);
  });

  it('answers 429 with Retry-After past the per-token rate, and 400 to deep JSON', async () => {
    const tokens = setUp({ LOCUS_RATE_LIMIT_TOKEN: '1/1m', LOCUS_MAX_JSON_DEPTH: '4' });
    const { token } = await tokens.create({ label: 'a', scope: 'ingest' });
    const headers = { authorization: `Bearer ${token}` };
    expect((await call(handler, jsonEvent(aLocation(), headers))).statusCode).toBe(202);
    const limited = await call(handler, jsonEvent(aLocation(), headers));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers?.['retry-after']).toBe('60');
    clock.advance(60_000);
    const deep = await call(handler, jsonEvent(`{"a":${'['.repeat(5)}${']'.repeat(5)}}`, headers));
    expect(deep.statusCode).toBe(400);
  });

  it('takes posts without a token where no token path is configured and LOCUS_AUTH is not on', async () => {
    clock = new ManualClock(NOW);
    root = createParseRequestRoot({ LOCUS_PROFILE: 'memory' }, { clock });
    handler = createParseRequestHandler(root, createTelemetry('parse_request'));
    expect((await call(handler, jsonEvent(aLocation()))).statusCode).toBe(202);
  });
});

describe('parse_request on the aws profile, tokens in SSM', () => {
  const aws = useFauxqs();
  let ssm: FakeSsm;
  let root: EntryRoot;
  let output: CapturedOutput;
  let removeQueue: () => Promise<void>;

  beforeEach(async () => {
    ssm = await startFakeSsm();
    output = captureOutput();
  });

  afterEach(async () => {
    output.restore();
    await root?.close();
    await removeQueue?.();
    await ssm.close();
  });

  it('checks tokens written by `locus token create` against their SSM parameters (hashes only)', async () => {
    const queue = await aws.newQueue();
    removeQueue = queue.remove;
    const env = fauxqsEnv(
      aws.fauxqs,
      { queueUrl: queue.url, bucket: 'locus-unused' },
      {
        LOCUS_AWS_TOKEN_PATH: '/locus/test/tokens/',
        LOCUS_AWS_SSM_ENDPOINT: ssm.endpoint,
      },
    );
    const clock = new ManualClock(NOW);
    const tokens = new TokenService(ssmTokenStore(env), clock);
    const created = await tokens.create({ label: 'fleet', scope: 'ingest', devices: ['phone-0042'] });
    const parameter = ssm.parameters.get(`/locus/test/tokens/${created.id}`);
    expect(parameter?.Type).toBe('SecureString');
    expect(parameter?.Value).not.toContain(created.token.split('.')[1]);
    expect((await tokens.list()).map((t) => t.id)).toEqual([created.id]);

    root = createParseRequestRoot(env, { clock });
    const handler = createParseRequestHandler(root, createTelemetry('parse_request'));
    expect((await call(handler, jsonEvent(aLocation()))).statusCode).toBe(401);
    expect(
      (await call(handler, jsonEvent(aLocation(), { authorization: `Bearer ${created.token}` }))).statusCode,
    ).toBe(202);
    expect(
      (
        await call(
          handler,
          jsonEvent(aLocation({ deviceId: 'other' }), { authorization: `Bearer ${created.token}` }),
        )
      ).statusCode,
    ).toBe(403);
    expect(ssm.calls.every((c) => c.signed)).toBe(true);
    expect(ssm.calls.filter((c) => c.action === 'GetParameter')).toHaveLength(1);
  });
});
