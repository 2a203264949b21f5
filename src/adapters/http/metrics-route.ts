import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { LocusMetrics } from './metrics-registry';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Whether an `Authorization` header carries `Bearer <token>` (compared in constant time). */
const bearerMatches = (header: string | undefined, expected: Buffer): boolean => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1] as string), expected);
};

/**
 * `GET /metrics`: the Prometheus text exposition. Open like `/health` (it holds counts, never
 * records or tokens); with `token` set (`LOCUS_METRICS_TOKEN`), only to `Authorization: Bearer <token>`.
 */
export const registerMetricsRoute = (
  app: FastifyInstance,
  metrics: LocusMetrics,
  token: string | null = null,
): void => {
  const expected = token === null ? undefined : digest(token);
  app.get('/metrics', async (request, reply) => {
    if (expected !== undefined && !bearerMatches(request.headers.authorization, expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="locus-metrics"').send({
        error: 'unauthorized',
        message: 'GET /metrics needs Authorization: Bearer <LOCUS_METRICS_TOKEN>',
      });
    }
    const { contentType, body } = await metrics.text();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
};
