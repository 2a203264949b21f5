import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { jsonEvent, routeEvent } from '../../deploy/test/lambda/lambda-fixtures';
import { type ParseRequestFixture, useParseRequest } from '../../deploy/test/lambda/parse-request-fixture';
import { TokenService } from '../../src/application/security/token-service';
import { TOKENS } from '../../src/application/tokens';
import { aLocation } from '../http/http-fixture';
import { osmAndParameters } from './query-token-requests';

/** `GET /osmand` (or another route) as an HTTP API delivers it, the location in the query string. */
const queryEvent = (
  parameters: Record<string, string>,
  options: { route?: string; headers?: Record<string, string>; rawQuery?: boolean } = {},
): APIGatewayProxyEventV2 =>
  routeEvent(options.route ?? 'GET /osmand', {
    headers: options.headers ?? {},
    rawQueryString: options.rawQuery === false ? '' : new URLSearchParams(parameters).toString(),
    queryStringParameters: parameters,
  });

describe('parse_request: the device token in the query string (OsmAnd, Traccar Client)', () => {
  const lambda = useParseRequest();
  let fixture: ParseRequestFixture;

  const setUp = (env: Record<string, string> = {}): TokenService => {
    fixture = lambda.open({ LOCUS_AUTH: 'on', ...env });
    return fixture.root.get(TokenService);
  };
  const call = (event: APIGatewayProxyEventV2) => fixture.call(event);
  const queued = () => fixture.queued();

  it('takes a valid `?token=` on GET /osmand and GET / (also from queryStringParameters alone)', async () => {
    const tokens = setUp();
    const { token } = await tokens.create({ label: 'van', scope: 'ingest', devices: ['van-7'] });
    const accepted = await call(queryEvent(osmAndParameters('van-7', { token })));
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json).toEqual({ accepted: 1, ids: [expect.any(String)], rejected: [] });
    const atRoot = await call(
      queryEvent(osmAndParameters('van-7', { token, accuracy: '13' }), { route: 'GET /' }),
    );
    expect(atRoot.statusCode).toBe(202);
    const parametersOnly = await call(
      queryEvent(osmAndParameters('van-7', { token, accuracy: '14' }), { rawQuery: false }),
    );
    expect(parametersOnly.statusCode).toBe(202);
    const leased = await fixture.root.get(TOKENS.queue).lease(10, 60_000);
    expect(leased.flatMap((m) => m.records.map((r) => [r.deviceId, r.accuracy]))).toEqual([
      ['van-7', 12],
      ['van-7', 13],
      ['van-7', 14],
    ]);
  });

  it('answers 401 to a wrong secret, a malformed and a revoked token, and stores nothing', async () => {
    const tokens = setUp({ LOCUS_TOKEN_CACHE: '0s' });
    const { token, id } = await tokens.create({ label: 'van', scope: 'ingest' });
    const wrong = await call(queryEvent(osmAndParameters('van-7', { token: `${id}.${'A'.repeat(43)}` })));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers?.['www-authenticate']).toBe('Bearer realm="locus", Basic realm="locus"');
    expect(wrong.json).toEqual({ error: 'unauthorized', message: 'the token is not valid' });
    const malformed = await call(queryEvent(osmAndParameters('van-7', { token: 'x' })));
    expect(malformed.json.message).toBe('the token query parameter does not hold a Locus token');
    await tokens.revoke(id);
    const revoked = await call(queryEvent(osmAndParameters('van-7', { token })));
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json.message).toBe('the token was revoked');
    expect(await queued()).toBe(0);
  });

  it("answers 403 to a location of another device than the token's", async () => {
    const tokens = setUp();
    const { token } = await tokens.create({ label: 'van', scope: 'ingest', devices: ['van-7'] });
    const other = await call(queryEvent(osmAndParameters('van-8', { token })));
    expect(other.statusCode).toBe(403);
    expect(other.json.message).toBe('this token may not post locations of device "van-8"');
    expect(await queued()).toBe(0);
  });

  it('ignores `?token=` on POST /locations', async () => {
    const tokens = setUp();
    const { token } = await tokens.create({ label: 'fleet', scope: 'ingest' });
    const event = {
      ...jsonEvent(aLocation()),
      rawQueryString: `token=${token}`,
      queryStringParameters: { token },
    };
    const answer = await call(event);
    expect(answer.statusCode).toBe(401);
    expect(answer.json.message).toContain('token is required');
    expect(await queued()).toBe(0);
  });

  it('lets the Authorization header win, and counts one rate per token wherever it is sent', async () => {
    const tokens = setUp({ LOCUS_RATE_LIMIT_TOKEN: '2/1m' });
    const van7 = await tokens.create({ label: 'van-7', scope: 'ingest', devices: ['van-7'] });
    const van8 = await tokens.create({ label: 'van-8', scope: 'ingest', devices: ['van-8'] });
    const headers = { authorization: `Bearer ${van7.token}` };
    expect(
      (await call(queryEvent(osmAndParameters('van-7', { token: van8.token }), { headers }))).statusCode,
    ).toBe(202);
    expect(
      (await call(queryEvent(osmAndParameters('van-8', { token: van8.token }), { headers }))).statusCode,
    ).toBe(403);
    const limited = await call(queryEvent(osmAndParameters('van-7', { token: van7.token, accuracy: '9' })));
    expect(limited.statusCode).toBe(429);
    expect(limited.json.message).toContain('token');
    expect(await queued()).toBe(1);
  });

  it('never writes the token to its logs, even at debug level', async () => {
    const level = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    let tokens: TokenService;
    try {
      tokens = setUp();
    } finally {
      if (level === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
      else process.env.POWERTOOLS_LOG_LEVEL = level;
    }
    const { token } = await tokens.create({ label: 'van', scope: 'ingest', devices: ['van-7'] });
    const secret = token.split('.')[1] as string;
    await call(queryEvent(osmAndParameters('van-7', { token })));
    await call(queryEvent(osmAndParameters('van-8', { token })));
    await call(queryEvent(osmAndParameters('van-7', { token: `${token}x` })));
    expect(lambda.output.logs().map((line) => line.message)).toContain('request answered');
    expect(JSON.stringify(lambda.output.lines())).not.toContain(secret);
  });
});
