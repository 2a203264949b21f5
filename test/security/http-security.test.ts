import { connect } from 'node:net';
import { PartitionService, ReportService, StoreService } from '../../src/application';
import { TOKENS } from '../../src/application/tokens';
import { aLocation, send } from '../http/http-fixture';
import { eventually } from '../support/eventually';
import { bearer, type SecureServer, secureServer } from './secure-server';
import { basic } from './security-fixture';

const DATE = '2026-11-28';

describe('the local server, exposed (auth on)', () => {
  let server: SecureServer;

  afterEach(async () => {
    await server.close();
  });

  const queued = () => server.queued();

  it('refuses posts without a valid token (401) and takes them with one (202)', async () => {
    server = await secureServer({ LOCUS_AUTH: 'on' });
    const { token, id } = await server.tokens.create({ label: 'fleet', scope: 'ingest' });
    const missing = await server.post(aLocation());
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="locus", Basic realm="locus"');
    expect(missing.headers['cache-control']).toBe('no-store');
    expect(missing.json()).toEqual({
      error: 'unauthorized',
      message: expect.stringContaining('token is required'),
    });
    expect((await server.post(aLocation(), { authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await server.post(aLocation(), bearer(`${id}.${'A'.repeat(43)}`))).json().message).toBe(
      'the token is not valid',
    );
    expect(await queued()).toBe(0);
    const accepted = await server.post(aLocation(), bearer(token));
    expect(accepted.status).toBe(202);
    expect((await server.post(aLocation(), { authorization: basic('phone-0042', token) })).status).toBe(202);
    expect(await queued()).toBe(2);
  });

  it('refuses a revoked token once the token cache period is over', async () => {
    server = await secureServer({ LOCUS_AUTH: 'on', LOCUS_TOKEN_CACHE: '10s' });
    const { token, id } = await server.tokens.create({ label: 'fleet', scope: 'ingest' });
    expect((await server.post(aLocation(), bearer(token))).status).toBe(202);
    await server.tokens.revoke(id);
    server.clock.advance(10_001);
    const revoked = await server.post(aLocation(), bearer(token));
    expect(revoked.status).toBe(401);
    expect(revoked.json().message).toBe('the token was revoked');
  });

  it("refuses a record of another device than the token's (403) and keeps nothing of the request", async () => {
    server = await secureServer({ LOCUS_AUTH: 'on' });
    const { token } = await server.tokens.create({ label: 'one', scope: 'ingest', devices: ['phone-0042'] });
    expect((await server.post(aLocation(), bearer(token))).status).toBe(202);
    const mixed = await server.post(
      { locations: [aLocation(), aLocation({ deviceId: 'phone-9999' })] },
      bearer(token),
    );
    expect(mixed.status).toBe(403);
    expect(mixed.json()).toEqual({
      error: 'forbidden',
      message: 'this token may not post locations of device "phone-9999"',
    });
    expect(await queued()).toBe(1);
  });

  it("guards the tracking apps' routes alike: HTTP Basic as OwnTracks sends it, bound to the device", async () => {
    server = await secureServer({ LOCUS_AUTH: 'on' });
    const { token } = await server.tokens.create({
      label: 'alice',
      scope: 'ingest',
      devices: ['alice:phone'],
    });
    const message = (device: string) => ({
      _type: 'location',
      lat: 35.68,
      lon: 139.76,
      tst: Math.floor(server.clock.now() / 1000) - 60,
      topic: `owntracks/alice/${device}`,
    });
    expect((await server.post(message('phone'), {}, '/owntracks')).status).toBe(401);
    const own = await server.post(message('phone'), { authorization: basic('alice', token) }, '/owntracks');
    expect(own.status).toBe(202);
    const other = await server.post(
      message('tablet'),
      { authorization: basic('alice', token) },
      '/owntracks',
    );
    expect(other.status).toBe(403);
    expect(await queued()).toBe(1);
  });

  it('does not let a device token read reports', async () => {
    server = await secureServer({ LOCUS_AUTH: 'on' });
    const { token } = await server.tokens.create({ label: 'fleet', scope: 'ingest' });
    expect((await server.get('/reports', bearer(token))).status).toBe(401);
  });

  it('limits requests per token and per address (429 with Retry-After)', async () => {
    server = await secureServer({
      LOCUS_AUTH: 'on',
      LOCUS_RATE_LIMIT_TOKEN: '2/1m',
      LOCUS_RATE_LIMIT_IP: '4/1m',
    });
    const a = await server.tokens.create({ label: 'a', scope: 'ingest' });
    const b = await server.tokens.create({ label: 'b', scope: 'ingest' });
    expect((await server.post(aLocation(), bearer(a.token))).status).toBe(202);
    expect((await server.post(aLocation(), bearer(a.token))).status).toBe(202);
    const limited = await server.post(aLocation(), bearer(a.token));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('30');
    expect((await server.post(aLocation(), bearer(b.token))).status).toBe(202);
    const byAddress = await server.post(aLocation(), bearer(b.token));
    expect(byAddress.status).toBe(429);
    expect(byAddress.json().message).toContain('address');
    server.clock.advance(60_000);
    expect((await server.post(aLocation(), bearer(a.token))).status).toBe(202);
  });

  it('refuses deep JSON (400), large bodies (413) and batches over the maximum (400)', async () => {
    server = await secureServer({
      LOCUS_AUTH: 'on',
      LOCUS_MAX_BODY_BYTES: '4KiB',
      LOCUS_MAX_BATCH: '3',
      LOCUS_MAX_JSON_DEPTH: '4',
    });
    const { token } = await server.tokens.create({ label: 'a', scope: 'ingest' });
    const deep = await server.post(`{"locations":[${'['.repeat(10)}${']'.repeat(10)}]}`, bearer(token));
    expect(deep.status).toBe(400);
    expect(deep.json().message).toBe('the body nests deeper than 4 levels');
    expect((await server.post({ pad: 'x'.repeat(5000) }, bearer(token))).status).toBe(413);
    const many = await server.post(
      { locations: [aLocation(), aLocation(), aLocation(), aLocation()] },
      bearer(token),
    );
    expect(many.status).toBe(400);
    expect(many.json().message).toBe('at most 3 locations per request, got 4');
    expect(await queued()).toBe(0);
  });

  it('refuses a formula-looking device id, so it can never reach a report cell', async () => {
    server = await secureServer({ LOCUS_AUTH: 'on' });
    const { token } = await server.tokens.create({ label: 'a', scope: 'ingest' });
    const answer = await server.post(
      { locations: [aLocation({ deviceId: '=HYPERLINK("x")' }), aLocation({ deviceId: '@x' })] },
      bearer(token),
    );
    expect(answer.status).toBe(400);
    expect(answer.json().rejected.map((r: { field: string }) => r.field)).toEqual(['deviceId', 'deviceId']);
  });

  it('cuts off a client that does not send its whole request in time (slow client)', async () => {
    server = await secureServer({
      LOCUS_AUTH: 'on',
      LOCUS_IDLE_TIMEOUT: '300ms',
      LOCUS_REQUEST_TIMEOUT: '1s',
    });
    const { port } = new URL(server.base);
    const socket = connect(Number(port), '127.0.0.1');
    let closed = false;
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', () => undefined);
    socket.resume();
    socket.write(
      'POST /locations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"dev',
    );
    await eventually(
      async () => closed,
      (done) => done,
      { timeoutMs: 5_000, intervalMs: 25 },
    );
    expect(closed).toBe(true);
  });
});

describe('private downloads', () => {
  let server: SecureServer;

  afterEach(async () => {
    await server.close();
  });

  const publish = async () => {
    await server.post(aLocation());
    await server.root.get(StoreService).run();
    await server.root.get(PartitionService).run();
    await server.root.get(ReportService).run(DATE);
  };

  it('serves reports with a download token only', async () => {
    server = await secureServer({ LOCUS_DOWNLOADS: 'private' });
    await publish();
    expect((await server.get('/reports')).status).toBe(401);
    expect((await server.get(`/reports/${DATE}.csv`)).status).toBe(401);
    for (const path of ['/reports', `/reports/${DATE}.csv`]) {
      expect([path, (await send(server.base, { method: 'HEAD', path })).status]).toEqual([path, 401]);
    }
    const { token } = await server.tokens.create({ label: 'analyst', scope: 'download' });
    const listing = await server.get('/reports', bearer(token));
    expect(listing.status).toBe(200);
    const csv = await server.get(`/reports/${DATE}.csv`, bearer(token));
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('phone-0042');
  });

  it('serves one report through a signed link until it expires; a tampered link is refused', async () => {
    server = await secureServer({
      LOCUS_DOWNLOADS: 'private',
      LOCUS_PUBLIC_URL: 'https://locus.example.org',
    });
    await publish();
    const links = server.root.get(TOKENS.links);
    const link = new URL(await links.linkFor(DATE, server.clock.now() + 3_600_000));
    expect(link.origin).toBe('https://locus.example.org');
    const path = `${link.pathname}${link.search}`;
    const ok = await server.get(path);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('phone-0042');

    const expires = Number(link.searchParams.get('expires'));
    const signature = link.searchParams.get('signature') as string;
    const tampered = [
      `/reports/2026-11-27.csv?expires=${expires}&signature=${signature}`,
      `/reports/${DATE}.csv?expires=${expires + 3600}&signature=${signature}`,
      `/reports/${DATE}.csv?expires=${expires}&signature=${signature.slice(0, -2)}AA`,
      `/reports/${DATE}.csv?expires=${expires}`,
    ];
    for (const attempt of tampered) {
      const answer = await server.get(attempt);
      expect([attempt, answer.status, answer.json().error]).toEqual([attempt, 403, 'link_invalid']);
    }
    expect((await server.get(`/reports?expires=${expires}&signature=${signature}`)).status).toBe(403);
    // A link to the CSV does not open the Parquet; a link signed for the Parquet does.
    expect(
      (await server.get(`/reports/${DATE}.parquet?expires=${expires}&signature=${signature}`)).status,
    ).toBe(403);
    const parquetLink = new URL(await links.linkFor(DATE, server.clock.now() + 3_600_000, 'parquet'));
    expect(parquetLink.pathname).toBe(`/reports/${DATE}.parquet`);
    const parquet = await server.get(`${parquetLink.pathname}${parquetLink.search}`);
    expect(parquet.status).toBe(200);
    expect(parquet.headers['content-type']).toBe('application/vnd.apache.parquet');

    server.clock.advance(3_600_001);
    const expired = await server.get(path);
    expect(expired.status).toBe(403);
    expect(expired.json().error).toBe('link_expired');
  });

  it('guards a route however its path is spelled', async () => {
    server = await secureServer({ LOCUS_DOWNLOADS: 'private', LOCUS_AUTH: 'on' });
    await server.tokens.create({ label: 'a', scope: 'ingest' });
    const { token } = await server.tokens.create({ label: 'analyst', scope: 'download' });
    await server.post(aLocation(), {
      authorization: `Bearer ${(await server.tokens.create({ label: 'b', scope: 'ingest' })).token}`,
    });
    await server.root.get(StoreService).run();
    await server.root.get(PartitionService).run();
    await server.root.get(ReportService).run(DATE);
    expect((await server.get(`/reports/${DATE}.csv`, bearer(token))).status).toBe(200);
    for (const path of [`/%72eports/${DATE}.csv`, `/reports/${DATE}%2Ecsv`, '/%72eports']) {
      expect([path, (await server.get(path)).status]).not.toEqual([path, 200]);
    }
    expect((await server.post(aLocation(), {}, '/%6cocations')).status).not.toBe(202);
  });

  it('opens downloads only by an explicit setting', async () => {
    server = await secureServer({ LOCUS_DOWNLOADS: 'public', LOCUS_AUTH: 'on' });
    await server.tokens.create({ label: 'a', scope: 'ingest' });
    expect((await server.get('/reports')).status).toBe(200);
  });
});

describe('the local server on loopback, by default', () => {
  it('takes posts and serves reports without tokens (only this machine can reach it)', async () => {
    const server = await secureServer();
    try {
      expect((await server.post(aLocation())).status).toBe(202);
      expect((await server.get('/reports')).status).toBe(200);
      for (let i = 0; i < 50; i++) expect((await server.post(aLocation())).status).toBe(202);
    } finally {
      await server.close();
    }
  });
});
