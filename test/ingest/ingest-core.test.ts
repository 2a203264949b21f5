import { AUTH_CHALLENGE } from '../../src/adapters/ingest/refusal-response';
import { type GuardCall, ingestCore, ingestRequest, LOCATION, recordingGuard } from './ingest-core-fixture';

const json = (value: unknown): string => JSON.stringify(value);

describe('the ingest core routes', () => {
  it('takes a path with trailing slashes as the route without them', async () => {
    const { core, enqueued } = ingestCore();
    const reply = await core.handle(ingestRequest({ path: '/locations/', body: json(LOCATION) }));
    expect(reply.response.status).toBe(202);
    expect(enqueued).toHaveLength(1);
  });

  it('answers another method on an ingest path 405 with the methods it takes', async () => {
    const { core } = ingestCore();
    const get = await core.handle(ingestRequest({ method: 'GET' }));
    expect(get.response).toEqual({
      status: 405,
      headers: { allow: 'POST' },
      body: { error: 'method_not_allowed', message: '/locations takes POST' },
    });
    const put = await core.handle(ingestRequest({ method: 'PUT', path: '/osmand/' }));
    expect(put.response.headers).toEqual({ allow: 'GET, POST' });
    expect(put.refused).toBe(true);
  });

  it('answers 404 for a path that is no ingest route', async () => {
    const { core } = ingestCore();
    const reply = await core.handle(ingestRequest({ path: '/nowhere' }));
    expect(reply.response).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'no route POST /nowhere' },
    });
  });

  it('reads a tracking app route in its format (OsmAnd from the query)', async () => {
    const { core, enqueued } = ingestCore();
    const reply = await core.handle(
      ingestRequest({
        method: 'GET',
        path: '/',
        headers: {},
        query: 'id=van-7&lat=35.68&lon=139.76&timestamp=1795857240',
      }),
    );
    expect(reply.response.status).toBe(202);
    expect(reply.client).toBe('osmand');
    expect(enqueued.map((r) => r.deviceId)).toEqual(['van-7']);
  });
});

describe('the ingest core guards, in one order', () => {
  it('refuses a bad token before looking at the size or the depth of the body', async () => {
    const calls: GuardCall[] = [];
    const { core } = ingestCore({ guard: recordingGuard(calls) });
    const reply = await core.handle(
      ingestRequest({ headers: { authorization: 'Bearer bad' }, body: '[[[[', bodyBytes: 5000 }),
    );
    expect(reply.response.status).toBe(401);
    expect(reply.response.headers).toEqual({
      'www-authenticate': AUTH_CHALLENGE,
      'cache-control': 'no-store',
    });
    expect(calls).toEqual(['admit']);
  });

  it('answers 413 for an admitted body over the limit, without reading it', async () => {
    const calls: GuardCall[] = [];
    const { core } = ingestCore({ guard: recordingGuard(calls) });
    const reply = await core.handle(
      ingestRequest({ headers: { authorization: 'Bearer good' }, body: '[[[[', bodyBytes: 1025 }),
    );
    expect(reply.response.status).toBe(413);
    expect(reply.refused).toBe(false);
    expect(calls).toEqual(['admit']);
  });

  it('checks the depth before the devices, and the devices before the content type', async () => {
    const calls: GuardCall[] = [];
    const { core } = ingestCore({ guard: recordingGuard(calls) });
    const auth = { authorization: 'Bearer good' };
    expect((await core.handle(ingestRequest({ headers: auth, body: '[[[[' }))).response.status).toBe(400);
    expect(calls).toEqual(['admit', 'checkText']);
    const other = json({ ...LOCATION, deviceId: 'someone-else' });
    const forbidden = await core.handle(
      ingestRequest({ headers: { ...auth, 'content-type': 'text/plain' }, body: other }),
    );
    expect(forbidden.response).toEqual({
      status: 403,
      body: { error: 'forbidden', message: 'someone-else' },
      headers: { 'cache-control': 'no-store' },
    });
    const own = await core.handle(
      ingestRequest({ headers: { ...auth, 'content-type': 'text/plain' }, body: json(LOCATION) }),
    );
    expect(own.response.status).toBe(415);
  });

  it('takes the token from the query only on the routes of apps that cannot send a header', async () => {
    const { core } = ingestCore({ guard: recordingGuard([]) });
    const query = 'id=phone-0042&lat=35.68&lon=139.76&timestamp=1795857240&token=good';
    const osmand = await core.handle(ingestRequest({ method: 'GET', path: '/osmand', headers: {}, query }));
    expect(osmand.response.status).toBe(202);
    const native = await core.handle(ingestRequest({ query: 'token=good', body: json(LOCATION) }));
    expect(native.response.status).toBe(401);
  });

  it('finds header names in any case unless told they are lower-case', async () => {
    const headers = { Authorization: 'Bearer good', 'Content-Type': 'application/json' };
    const anyCase = ingestCore({ guard: recordingGuard([]) }).core;
    expect((await anyCase.handle(ingestRequest({ headers, body: json(LOCATION) }))).response.status).toBe(
      202,
    );
    const lowerCase = ingestCore({ guard: recordingGuard([]), headerNames: 'lower-case' }).core;
    expect((await lowerCase.handle(ingestRequest({ headers, body: json(LOCATION) }))).response.status).toBe(
      401,
    );
  });
});

describe('the ingest core decodes a body once', () => {
  let parse: jest.SpyInstance;

  beforeEach(() => {
    parse = jest.spyOn(JSON, 'parse');
  });

  afterEach(() => {
    parse.mockRestore();
  });

  const parsesOf = (text: string): number => parse.mock.calls.filter(([arg]) => arg === text).length;

  it('on POST /locations, for the device check and the receive rules alike', async () => {
    const { core, enqueued } = ingestCore({ guard: recordingGuard([]) });
    const body = json({ locations: [LOCATION, { ...LOCATION, latitude: 35.7 }] });
    const reply = await core.handle(
      ingestRequest({ headers: { authorization: 'Bearer good', 'content-type': 'application/json' }, body }),
    );
    expect(reply.response.status).toBe(202);
    expect(enqueued).toHaveLength(2);
    expect(parsesOf(body)).toBe(1);
  });

  it('on a tracking app route, read once in its format for the device check and the intake', async () => {
    const { core, enqueued } = ingestCore({ guard: recordingGuard([]) });
    const body = json({ _type: 'location', lat: 35.68, lon: 139.76, tst: 1795857240 });
    const reply = await core.handle(
      ingestRequest({
        path: '/owntracks',
        headers: {
          authorization: 'Bearer good',
          'content-type': 'application/json',
          'x-limit-d': 'phone-0042',
        },
        body,
      }),
    );
    expect(reply.response).toEqual({ status: 202, body: [] });
    expect(reply.accepted).toBe(1);
    expect(enqueued.map((r) => r.deviceId)).toEqual(['phone-0042']);
    expect(parsesOf(body)).toBe(1);
  });
});
