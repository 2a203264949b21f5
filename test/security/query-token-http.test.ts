import type { HttpSecurity } from '../../src/adapters/http/auth-hooks';
import { TOKENS } from '../../src/application/tokens';
import type { LocationRecord } from '../../src/domain';
import { aLocation, type HttpFixture, httpFixture, NOW, send } from '../http/http-fixture';
import { osmAndQuery } from './query-token-requests';
import { bearer, type SecureServer, secureServer } from './secure-server';

describe('the device token in the query string (OsmAnd, Traccar Client), local server with auth on', () => {
  let server: SecureServer;

  afterEach(async () => {
    await server.close();
  });

  const get = (path: string, headers?: Record<string, string>) => server.get(path, headers);
  const queued = () => server.queued();
  const storedRecords = async (): Promise<LocationRecord[]> => {
    const leased = await server.root.get(TOKENS.queue).lease(100, 60_000);
    return leased.flatMap((message) => [...message.records]);
  };

  it('takes `?token=` on GET /osmand, GET / and POST /osmand (form and JSON), and stores the records', async () => {
    server = await secureServer({ LOCUS_AUTH: 'on' });
    const { token } = await server.tokens.create({ label: 'van', scope: 'ingest', devices: ['van-7'] });
    const viaOsmand = await get(`/osmand?${osmAndQuery('van-7', { token })}`);
    expect(viaOsmand.status).toBe(202);
    expect(viaOsmand.json()).toEqual({ accepted: 1, ids: [expect.any(String)], rejected: [] });
    expect((await get(`/?${osmAndQuery('van-7', { token, accuracy: '13' })}`)).status).toBe(202);
    const form = await send(server.base, {
      method: 'POST',
      path: `/osmand?token=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: osmAndQuery('van-7', { accuracy: '14' }),
    });
    expect(form.status).toBe(202);
    const json = await send(server.base, {
      method: 'POST',
      path: `/?token=${token}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        device_id: 'van-7',
        location: {
          timestamp: new Date(NOW - 60_000).toISOString(),
          coords: { latitude: 35.68, longitude: 139.76, accuracy: 15 },
        },
      }),
    });
    expect(json.status).toBe(202);
    const records = await storedRecords();
    expect(records.map((r) => [r.deviceId, r.accuracy])).toEqual([
      ['van-7', 12],
      ['van-7', 13],
      ['van-7', 14],
      ['van-7', 15],
    ]);
  });

  it('refuses a wrong secret, a revoked token and a malformed one (401) and stores nothing', async () => {
    server = await secureServer({ LOCUS_AUTH: 'on', LOCUS_TOKEN_CACHE: '0s' });
    const { token, id } = await server.tokens.create({ label: 'van', scope: 'ingest' });
    const wrong = await get(`/osmand?${osmAndQuery('van-7', { token: `${id}.${'A'.repeat(43)}` })}`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="locus", Basic realm="locus"');
    expect(wrong.json()).toEqual({ error: 'unauthorized', message: 'the token is not valid' });
    const malformed = await get(`/?${osmAndQuery('van-7', { token: 'not-a-token' })}`);
    expect(malformed.status).toBe(401);
    expect(malformed.json().message).toBe('the token query parameter does not hold a Locus token');
    const missing = await get(`/osmand?${osmAndQuery('van-7')}`);
    expect(missing.status).toBe(401);
    expect(missing.json().message).toContain('?token=<token>');
    await server.tokens.revoke(id);
    const revoked = await get(`/osmand?${osmAndQuery('van-7', { token })}`);
    expect(revoked.status).toBe(401);
    expect(revoked.json().message).toBe('the token was revoked');
    expect(await queued()).toBe(0);
  });

  it("refuses a location of another device than the token's (403)", async () => {
    server = await secureServer({ LOCUS_AUTH: 'on' });
    const { token } = await server.tokens.create({ label: 'van', scope: 'ingest', devices: ['van-7'] });
    const other = await get(`/osmand?${osmAndQuery('van-8', { token })}`);
    expect(other.status).toBe(403);
    expect(other.json()).toEqual({
      error: 'forbidden',
      message: 'this token may not post locations of device "van-8"',
    });
    expect(await queued()).toBe(0);
  });

  it('ignores `?token=` on the routes of apps that send headers (POST /locations, /owntracks)', async () => {
    server = await secureServer({ LOCUS_AUTH: 'on' });
    const { token } = await server.tokens.create({ label: 'fleet', scope: 'ingest' });
    const native = await server.post(aLocation(), {}, `/locations?token=${token}`);
    expect(native.status).toBe(401);
    expect(native.json().message).toBe(
      'a device token is required (Authorization: Bearer <token>, or HTTP Basic with the token as password)',
    );
    const ownTracks = await server.post(
      { _type: 'location', lat: 35.68, lon: 139.76, tst: NOW / 1000 - 60, topic: 'owntracks/jane/phone' },
      {},
      `/owntracks?token=${token}`,
    );
    expect(ownTracks.status).toBe(401);
    expect(await queued()).toBe(0);
    expect((await server.post(aLocation(), bearer(token), '/locations')).status).toBe(202);
  });

  it('lets the Authorization header win over the query', async () => {
    server = await secureServer({ LOCUS_AUTH: 'on' });
    const van7 = await server.tokens.create({ label: 'van-7', scope: 'ingest', devices: ['van-7'] });
    const van8 = await server.tokens.create({ label: 'van-8', scope: 'ingest', devices: ['van-8'] });
    // The header's token is the one checked: its device is van-7, so van-8's query token is not used.
    const both = await get(`/osmand?${osmAndQuery('van-7', { token: van8.token })}`, bearer(van7.token));
    expect(both.status).toBe(202);
    const other = await get(`/osmand?${osmAndQuery('van-8', { token: van8.token })}`, bearer(van7.token));
    expect(other.status).toBe(403);
    const badHeader = await get(
      `/osmand?${osmAndQuery('van-8', { token: van8.token })}`,
      bearer(`${van8.id}.${'B'.repeat(43)}`),
    );
    expect(badHeader.status).toBe(401);
    expect(badHeader.json().message).toBe('the token is not valid');
    expect(await queued()).toBe(1);
  });

  it('counts a token the same per-token rate, whether it comes in the query or the header', async () => {
    server = await secureServer({ LOCUS_AUTH: 'on', LOCUS_RATE_LIMIT_TOKEN: '2/1m' });
    const { token } = await server.tokens.create({ label: 'van', scope: 'ingest' });
    expect((await get(`/osmand?${osmAndQuery('van-7', { token })}`)).status).toBe(202);
    expect((await server.post(aLocation(), bearer(token))).status).toBe(202);
    const limited = await get(`/?${osmAndQuery('van-7', { token, accuracy: '20' })}`);
    expect(limited.status).toBe(429);
    expect(limited.json().message).toContain('token');
    expect(limited.headers['retry-after']).toBe('30');
  });
});

describe('a logged request URL', () => {
  let fixture: HttpFixture;

  afterEach(async () => {
    await fixture.close();
  });

  it('has the token (and the coordinates) redacted when a request fails', async () => {
    // A guard whose token store does not answer: the request fails and the server logs its URL.
    const failing: HttpSecurity = {
      guard: {
        admit: async () => {
          throw new Error('the token store does not answer');
        },
        limitAddress: () => undefined,
        checkText: () => undefined,
        checkDevices: () => undefined,
      },
      downloads: { check: async () => undefined },
      requestTimeoutMs: 30_000,
      idleTimeoutMs: 15_000,
    };
    fixture = await httpFixture({}, { security: failing });
    const secret = 'S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t_';
    const answer = await fixture.request({
      path: `/osmand?${osmAndQuery('van-7', { token: `abcdef123456.${secret}` })}`,
    });
    expect(answer.status).toBe(500);
    const logged = fixture.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'request failed',
        url: `/osmand?id=van-7&lat=***&lon=***&timestamp=${NOW / 1000 - 60}&accuracy=12&token=***`,
      }),
    ]);
    expect(fixture.logLines.join('\n')).not.toContain(secret);
  });
});
