import type { FastifyInstance } from 'fastify';
import type { ReceiveService } from '../../application/receive/receive-service';
import type { Logger } from '../logging/create-logger';
import { registerRequestObservers } from './access-log';
import { observedReceive, type ReceivedTally } from './metrics-observed-receive';
import type { LocusMetrics } from './metrics-registry';
import { registerMetricsRoute } from './metrics-route';
import { registerOpenApiRoute } from './openapi-document';

/** What the server shows of itself: metrics, the access log, the API description. */
export interface Observability {
  readonly metrics?: LocusMetrics;
  /** `GET /metrics` needs `Authorization: Bearer <this>` when set. */
  readonly metricsToken?: string | null;
  /** One `info` line per request; none when absent. */
  readonly accessLog?: Logger;
  /** `GET /openapi.json`, when given. */
  readonly openApi?: { readonly version: string; readonly maxBatch: number };
}

/**
 * Registers `/metrics`, `/openapi.json` and the per-request hook, and returns the receive service
 * the ingest routes should use (it tells the metrics and the access log what each request came to).
 */
export const registerObservability = (
  app: FastifyInstance,
  observability: Observability,
  receive: Pick<ReceiveService, 'accept'>,
): Pick<ReceiveService, 'accept'> => {
  const { metrics, accessLog, openApi } = observability;
  const tallies = accessLog === undefined ? undefined : new Map<string, ReceivedTally>();
  registerRequestObservers(app, { metrics, accessLog, tallies });
  if (metrics !== undefined) registerMetricsRoute(app, metrics, observability.metricsToken ?? null);
  if (openApi !== undefined) registerOpenApiRoute(app, openApi);
  if (metrics === undefined && tallies === undefined) return receive;
  return observedReceive(receive, {
    onReceived:
      metrics === undefined ? undefined : (accepted, rejected) => metrics.received(accepted, rejected),
    tallies,
  });
};
