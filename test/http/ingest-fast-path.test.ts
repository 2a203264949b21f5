import { LocusMetrics } from '../../src/adapters/http/metrics-registry';
import { createLogger } from '../../src/adapters/logging/create-logger';
import { TokenService } from '../../src/application/security/token-service';
import { TOKENS } from '../../src/application/tokens';
import { httpSecurity } from '../../src/cli/serve/serve-security';
import { cliSecuritySettings } from '../../src/composition/cli-root';
import { aLocation, type HttpAnswer, type HttpFixture, httpFixture, JSON_HEADERS } from './http-fixture';

/** A server as `locus serve` builds it (security, metrics, access log), with or without the fast path. */
const served = async (fastPath: boolean, env: Record<string, string>) => {
  const accessLines: Record<string, unknown>[] = [];
  const metrics: { registry?: LocusMetrics } = {};
  const made = (registry: LocusMetrics): LocusMetrics => {
    metrics.registry = registry;
    return registry;
  };
  let fastifyHooks = 0;
  const fixture: HttpFixture = await httpFixture(
    { LOCUS_MAX_BODY_BYTES: '4096', ...env },
    {},
    {
      deps: (root, config) => ({
        security: httpSecurity(root.container, cliSecuritySettings(config)),
        ingestFastPath: fastPath,
        observability: {
          metrics: made(
            new LocusMetrics({
              queueDepth: () => root.get(TOKENS.queue).depth(),
              pendingBatches: () => root.get(TOKENS.batches).listPending(),
              quarantinedBatches: () => root.get(TOKENS.batches).quarantined(),
            }),
          ),
          accessLog: createLogger({
            level: 'info',
            stream: { write: (line: string) => accessLines.push(JSON.parse(line)) },
          }),
        },
      }),
      beforeListen: (app) =>
        app.addHook('onRequest', async () => {
          fastifyHooks += 1;
        }),
    },
  );
  const token = await fixture.root.get(TokenService).create({ label: 'phone', scope: 'ingest' });
  return {
    fixture,
    accessLines,
    metrics: metrics.registry as LocusMetrics,
    token: token.token,
    fastifyHooks: () => fastifyHooks,
  };
};

/** What a client sees of an answer, less what differs by the moment (the date, the time taken). */
const seen = (answer: HttpAnswer) => {
  const { date: _date, ...headers } = answer.headers;
  return { status: answer.status, headers, body: answer.text };
};

const CASES: { name: string; path: string; headers?: Record<string, string>; body?: string }[] = [
  { name: 'one location', path: '/locations', body: JSON.stringify(aLocation()) },
  {
    name: 'a batch with a bad item',
    path: '/locations',
    body: JSON.stringify({ locations: [aLocation({ deviceId: 'p-2' }), aLocation({ latitude: 91 })] }),
  },
  { name: 'a trailing slash', path: '/locations/', body: JSON.stringify(aLocation({ deviceId: 'p-3' })) },
  { name: 'broken JSON', path: '/locations', body: '{"deviceId": ' },
  { name: 'not JSON', path: '/locations', headers: { 'content-type': 'text/plain' }, body: 'hello' },
  { name: 'no media type', path: '/locations', headers: {}, body: JSON.stringify(aLocation()) },
  {
    name: 'a media type fastify refuses',
    path: '/locations',
    headers: { 'content-type': 'json' },
    body: '{}',
  },
  { name: 'an empty body', path: '/locations', body: '' },
  { name: 'a body over the limit', path: '/locations', body: ' '.repeat(5000) },
  {
    name: 'OwnTracks',
    path: '/owntracks',
    headers: { ...JSON_HEADERS, 'x-limit-d': 'ot-1' },
    body: JSON.stringify({ _type: 'location', lat: 35.1, lon: 139.2, tst: 1_764_321_240, tid: 'ab' }),
  },
  { name: 'OsmAnd by POST', path: '/osmand?id=car-1&lat=48.85&lon=2.29&timestamp=1764321240', body: '' },
];

describe('the fast path of device requests', () => {
  const servers: { fixture: HttpFixture }[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.fixture.close();
  });

  it.each([
    ['with device tokens', { LOCUS_AUTH: 'on' }],
    ['without authentication', { LOCUS_AUTH: 'off' }],
  ] as [string, Record<string, string>][])(
    "answers every request as fastify's routes do, %s, without fastify",
    async (_name, env) => {
      const fast = await served(true, env);
      const slow = await served(false, env);
      servers.push(fast, slow);
      const statuses = new Set<number>();
      for (const auth of [undefined, 'Bearer nope', 'token']) {
        for (const c of CASES) {
          const headers = { ...(c.headers ?? JSON_HEADERS) };
          const send = async (server: typeof fast) => {
            const authorization = auth === 'token' ? `Bearer ${server.token}` : auth;
            return seen(
              await server.fixture.request({
                method: 'POST',
                path: c.path,
                headers: authorization === undefined ? headers : { ...headers, authorization },
                body: c.body,
              }),
            );
          };
          const answer = await send(fast);
          statuses.add(answer.status);
          expect({ case: c.name, auth, ...answer }).toEqual({
            case: c.name,
            auth,
            ...(await send(slow)),
          });
        }
      }
      expect([...statuses].sort()).toEqual(
        env.LOCUS_AUTH === 'off' ? [202, 400, 413, 415] : [202, 400, 401, 413, 415],
      );
      const lines = (server: typeof fast) =>
        server.accessLines.map(({ time, ms, requestId, ...line }) => line);
      expect(lines(fast)).toEqual(lines(slow));
      expect(fast.accessLines.map((line) => line.requestId)).toEqual(
        slow.accessLines.map((line) => line.requestId),
      );
      const counters = async (server: typeof fast) =>
        (await server.metrics.text()).body.split('\n').filter((line) => /^locus_.*_total\{/.test(line));
      expect(await counters(fast)).toEqual(await counters(slow));
      // Only the request fastify must judge (its media type) reached fastify on the fast server.
      expect(fast.fastifyHooks()).toBe(3);
      expect(slow.fastifyHooks()).toBe(3 * CASES.length);
    },
  );

  it('leaves other methods and routes to fastify', async () => {
    const fast = await served(true, { LOCUS_AUTH: 'off' });
    servers.push(fast);
    expect((await fast.fixture.request({ path: '/health' })).status).toBe(200);
    expect((await fast.fixture.request({ path: '/locations' })).status).toBe(405);
    expect((await fast.fixture.request({ method: 'POST', path: '/nowhere', body: '{}' })).status).toBe(404);
    expect(fast.fastifyHooks()).toBe(3);
  });
});
