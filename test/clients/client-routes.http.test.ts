import { ReceiveService } from '../../src/application/receive/receive-service';
import { DEFAULT_CORE_SETTINGS } from '../../src/application/settings';
import { TOKENS } from '../../src/application/tokens';
import type { LocationRecord } from '../../src/domain';
import { type HttpFixture, httpFixture, JSON_HEADERS, NOW } from '../http/http-fixture';
import { failingQueue } from '../support/failing-queue';
import { CLIENT_CASES, type ClientCase } from './client-cases';
import { FIX_SECONDS, JANE, OVERLAND_README_EXAMPLE, OWNTRACKS_RECORDER_EXAMPLE } from './client-fixtures';

describe('the tracking apps over HTTP', () => {
  let fixture: HttpFixture | undefined;

  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  const open = async (env: Record<string, string> = {}, receive?: ReceiveService) => {
    fixture = await httpFixture(env, receive === undefined ? {} : { receive });
    return fixture;
  };

  const sendCase = (server: HttpFixture, c: ClientCase) => {
    server.clock.set(c.receivedAt ?? NOW);
    return server.request({
      method: c.method,
      path: `${c.path}${c.query === undefined ? '' : `?${c.query}`}`,
      headers: c.headers,
      ...(c.body === undefined ? {} : { body: c.body }),
    });
  };

  const queued = async (server: HttpFixture): Promise<LocationRecord[]> =>
    (await server.root.get(TOKENS.queue).lease(100, 60_000)).flatMap((m) => m.records);

  const kept = async (server: HttpFixture) => {
    const store = server.root.get(TOKENS.rejected);
    return (await Promise.all((await store.dates()).map((date) => store.list(date)))).flat();
  };

  it.each(CLIENT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const server = await open(c.env);
    const response = await sendCase(server, c);
    expect(response.status).toBe(c.status);
    expect((await kept(server)).length).toBe(c.kept ?? 0);
    const records = await queued(server);
    if (c.status === 202) {
      expect(records.length).toBeGreaterThan(0);
      expect(server.accepted.flatMap((e) => e.data.recordIds)).toEqual(records.map((r) => r.recordId));
    } else {
      expect(records).toEqual([]);
    }
  });

  it('answers OwnTracks with a JSON array and stores the location under user:device', async () => {
    const server = await open();
    server.clock.set((1441984413 + 60) * 1000);
    const response = await server.request({
      method: 'POST',
      path: '/owntracks',
      headers: JANE,
      body: OWNTRACKS_RECORDER_EXAMPLE,
    });
    expect(response.status).toBe(202);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual([]);
    expect(await queued(server)).toEqual([
      expect.objectContaining({
        deviceId: 'jane:phone',
        latitude: 48.85833,
        longitude: 2.29513,
        speed: null,
      }),
    ]);
  });

  it('answers Overland { "result": "ok" } with the record ids', async () => {
    const server = await open();
    server.clock.set(Date.UTC(2015, 9, 1, 15, 1, 0));
    const response = await server.request({
      method: 'POST',
      path: '/overland?device_id=iphone-aaron',
      headers: JSON_HEADERS,
      body: JSON.stringify(OVERLAND_README_EXAMPLE),
    });
    const records = await queued(server);
    expect(response.json()).toEqual({
      result: 'ok',
      accepted: 1,
      ids: records.map((r) => r.recordId),
      rejected: [],
      ignored: 0,
    });
    expect(records[0]).toEqual(
      expect.objectContaining({ deviceId: 'iphone-aaron', latitude: 37.3318, longitude: -122.030581 }),
    );
  });

  it('gives a location the same record id whichever route brought it (so it is kept once)', async () => {
    const server = await open();
    const native = await server.post({
      deviceId: 'jane:phone',
      latitude: 35.681236,
      longitude: 139.767125,
      timestamp: FIX_SECONDS,
      accuracy: 12,
      speed: 15,
      heading: 270,
    });
    const ownTracks = await server.request({
      method: 'POST',
      path: '/owntracks',
      headers: JANE,
      body: JSON.stringify({
        _type: 'location',
        lat: 35.681236,
        lon: 139.767125,
        tst: FIX_SECONDS,
        acc: 12,
        vel: 54,
        cog: 270,
      }),
    });
    const osmAnd = await server.request({
      method: 'GET',
      path: `/osmand?id=jane:phone&lat=35.681236&lon=139.767125&timestamp=${FIX_SECONDS}&accuracy=12&speed=${(15 * 3600) / 1852}&bearing=270`,
    });
    expect(ownTracks.status).toBe(202);
    expect(osmAnd.status).toBe(202);
    const ids = (await queued(server)).map((r) => r.recordId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids)).toEqual(new Set(native.json().ids));
  });

  it.each([
    ['/owntracks', JANE, OWNTRACKS_RECORDER_EXAMPLE],
    ['/overland?device_id=a', JSON_HEADERS, JSON.stringify(OVERLAND_README_EXAMPLE)],
    [`/osmand?id=a&lat=35&lon=139&timestamp=${FIX_SECONDS}`, {}, undefined],
  ])(
    'answers 503 with Retry-After on %s when the queue cannot take the records',
    async (path, headers, body) => {
      const server = await open({}, new ReceiveService(failingQueue, DEFAULT_CORE_SETTINGS));
      server.clock.set(
        path.startsWith('/owntracks')
          ? (1441984413 + 60) * 1000
          : path.startsWith('/overland')
            ? Date.UTC(2015, 9, 1, 15, 1)
            : NOW,
      );
      const response = await server.request({
        method: 'POST',
        path,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      if (path.startsWith('/osmand')) {
        // The old Traccar Client for iOS deletes a location after any answer with a body.
        expect(response.text).toBe('');
      } else {
        expect(response.json()).toEqual(expect.objectContaining({ error: 'unavailable' }));
      }
      if (path.startsWith('/overland')) expect(response.json().result).toBe('error');
      expect(server.logLines.some((line) => line.includes('a request could not be received'))).toBe(true);
    },
  );

  it.each([
    ['GET', '/owntracks', 'POST'],
    ['GET', '/overland/', 'POST'],
    ['PUT', '/osmand', 'GET, POST'],
    ['HEAD', `/osmand?id=a&lat=35&lon=139&timestamp=${FIX_SECONDS}`, 'GET, POST'],
    ['GET', '/locations', 'POST'],
    ['DELETE', '/', 'GET, POST'],
  ])('answers %s %s with 405 and Allow: %s (and stores nothing)', async (method, path, allow) => {
    const server = await open();
    const response = await server.request({ method, path });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(await queued(server)).toEqual([]);
  });

  it('answers 404 on a path that is no route', async () => {
    const server = await open();
    const response = await server.request({ method: 'GET', path: '/ownTracks/extra' });
    expect(response.status).toBe(404);
  });
});
