import { aLocation } from '../http/http-fixture';
import { bearer, type SecureServer, secureServer } from './secure-server';

/** Behind a load balancer every request comes from its address; the client's is in X-Forwarded-For. */
describe('the per-address rate limit behind a proxy', () => {
  let server: SecureServer;

  afterEach(async () => {
    await server.close();
  });

  const postFrom = (token: string, client: string) =>
    server.post(aLocation(), { ...bearer(token), 'x-forwarded-for': client });

  it('counts each client the trusted proxy names apart', async () => {
    server = await secureServer({
      LOCUS_AUTH: 'on',
      LOCUS_RATE_LIMIT_IP: '1/1m',
      LOCUS_TRUST_PROXY: '127.0.0.0/8',
    });
    const { token } = await server.tokens.create({ label: 'fleet', scope: 'ingest' });
    expect((await postFrom(token, '203.0.113.7')).status).toBe(202);
    expect((await postFrom(token, '198.51.100.23')).status).toBe(202);
    expect((await postFrom(token, '203.0.113.7')).status).toBe(429);
  });

  it('believes no X-Forwarded-For from an address it does not trust', async () => {
    server = await secureServer({
      LOCUS_AUTH: 'on',
      LOCUS_RATE_LIMIT_IP: '1/1m',
      LOCUS_TRUST_PROXY: '10.0.0.0/16',
    });
    const { token } = await server.tokens.create({ label: 'fleet', scope: 'ingest' });
    expect((await postFrom(token, '203.0.113.7')).status).toBe(202);
    expect((await postFrom(token, '198.51.100.23')).status).toBe(429);
  });
});
