import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { fauxqsEnv, useStaticAwsCredentials } from '../../deploy/test/lambda/aws-test-env';
import { jsonEvent, routeEvent } from '../../deploy/test/lambda/lambda-fixtures';
import { type ParseRequestFixture, useParseRequest } from '../../deploy/test/lambda/parse-request-fixture';
import { createSsmClient } from '../../src/adapters/aws/aws-clients';
import { SsmTokenStore } from '../../src/adapters/aws/ssm/ssm-token-store';
import { TokenService } from '../../src/application/security/token-service';
import { ssmTokenSettings } from '../../src/config/aws-token-config';
import { useFauxqs } from '../adapters/aws/fauxqs-setup';
import { aLocation, NOW } from '../http/http-fixture';
import { ManualClock } from '../support/manual-clock';
import { type FakeSsm, startFakeSsm } from './fake-ssm';
import { basic } from './security-fixture';

useStaticAwsCredentials();

describe('parse_request with device authentication (memory profile)', () => {
  const lambda = useParseRequest();
  let fixture: ParseRequestFixture;

  const setUp = (env: Record<string, string> = {}) => {
    fixture = lambda.open({ LOCUS_AUTH: 'on', ...env });
    return fixture.root.get(TokenService);
  };
  const call = (event: APIGatewayProxyEventV2) => fixture.call(event);
  const queued = () => fixture.queued();

  it('answers 401 without a token, with a wrong one and with a revoked one; 202 with a valid one', async () => {
    const tokens = setUp({ LOCUS_TOKEN_CACHE: '0s' });
    const { token, id } = await tokens.create({ label: 'fleet', scope: 'ingest' });
    const missing = await call(jsonEvent(aLocation()));
    expect(missing.statusCode).toBe(401);
    expect(missing.headers?.['www-authenticate']).toBe('Bearer realm="locus", Basic realm="locus"');
    // A refusal of the guards is never cached, on AWS as on the local server (one ingest core).
    expect(missing.headers?.['cache-control']).toBe('no-store');
    expect(
      (await call(jsonEvent(aLocation(), { authorization: `Bearer ${id}.${'x'.repeat(43)}` }))).statusCode,
    ).toBe(401);
    expect((await call(jsonEvent(aLocation(), { authorization: `Bearer ${token}` }))).statusCode).toBe(202);
    await tokens.revoke(id);
    const revoked = await call(jsonEvent(aLocation(), { authorization: `Bearer ${token}` }));
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
      (await call(jsonEvent({ locations: [aLocation(), aLocation({ deviceId: 'x-1' })] }, headers)))
        .statusCode,
    ).toBe(403);
    const ownTracks = (device: string) =>
      routeEvent('POST /owntracks', {
        body: JSON.stringify({
          _type: 'location',
          lat: 35.68,
          lon: 139.76,
          tst: NOW / 1000 - 60,
          topic: `owntracks/alice/${device}`,
        }),
        headers: { 'content-type': 'application/json', authorization: basic('alice', token) },
      });
    expect((await call(ownTracks('tablet'))).statusCode).toBe(403);
    expect((await call(ownTracks('phone'))).statusCode).toBe(202);
    expect(await queued()).toBe(1);
  });

  it('answers 429 with Retry-After past the per-token rate, and 400 to deep JSON', async () => {
    const tokens = setUp({ LOCUS_RATE_LIMIT_TOKEN: '1/1m', LOCUS_MAX_JSON_DEPTH: '4' });
    const { token } = await tokens.create({ label: 'a', scope: 'ingest' });
    const headers = { authorization: `Bearer ${token}` };
    expect((await call(jsonEvent(aLocation(), headers))).statusCode).toBe(202);
    const limited = await call(jsonEvent(aLocation(), headers));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers?.['retry-after']).toBe('60');
    fixture.clock.advance(60_000);
    const deep = await call(jsonEvent(`{"a":${'['.repeat(5)}${']'.repeat(5)}}`, headers));
    expect(deep.statusCode).toBe(400);
  });

  it('takes posts without a token where no token path is configured and LOCUS_AUTH is not on', async () => {
    fixture = lambda.open();
    expect((await call(jsonEvent(aLocation()))).statusCode).toBe(202);
  });
});

describe('parse_request on the aws profile, tokens in SSM', () => {
  const aws = useFauxqs();
  const lambda = useParseRequest();
  let ssm: FakeSsm;
  let removeQueue: () => Promise<void>;

  beforeEach(async () => {
    ssm = await startFakeSsm();
  });

  afterEach(async () => {
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
    const settings = ssmTokenSettings(env);
    const store = new SsmTokenStore(createSsmClient(settings.client), settings.path);
    const tokens = new TokenService(store, clock);
    const created = await tokens.create({ label: 'fleet', scope: 'ingest', devices: ['phone-0042'] });
    const parameter = ssm.parameters.get(`/locus/test/tokens/${created.id}`);
    expect(parameter?.Type).toBe('SecureString');
    expect(parameter?.Value).not.toContain(created.token.split('.')[1]);
    expect((await tokens.list()).map((t) => t.id)).toEqual([created.id]);

    const { call } = lambda.open(env, { clock });
    expect((await call(jsonEvent(aLocation()))).statusCode).toBe(401);
    expect(
      (await call(jsonEvent(aLocation(), { authorization: `Bearer ${created.token}` }))).statusCode,
    ).toBe(202);
    expect(
      (await call(jsonEvent(aLocation({ deviceId: 'other' }), { authorization: `Bearer ${created.token}` })))
        .statusCode,
    ).toBe(403);
    expect(ssm.calls.every((c) => c.signed)).toBe(true);
    expect(ssm.calls.filter((c) => c.action === 'GetParameter')).toHaveLength(1);
  });
});
