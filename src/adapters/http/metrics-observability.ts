import type { FastifyInstance } from 'fastify';
import type { ClientIntake } from '../../application/clients/client-intake';
import type { ReceiveService } from '../../application/receive/receive-service';
import type { Logger } from '../logging/create-logger';
import { type RequestObserver, registerRequestObservers, requestObserver } from './access-log';
import { observedClients, observedReceive, type ReceivedTally } from './metrics-observed-receive';
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

/** The services the ingest routes call, told to the metrics and the access log. */
export interface ObservedIngest {
  readonly receive: Pick<ReceiveService, 'accept'>;
  readonly clients: Pick<ClientIntake, 'receive'>;
  /** Told of each request a transport other than fastify's routes answers (none when nothing watches). */
  readonly observer?: RequestObserver;
}

/**
 * Registers `/metrics`, `/openapi.json` and the per-request hook, and returns the receive service
 * and the tracking apps' intake the ingest routes should use (they tell the metrics and the access
 * log what each request came to).
 */
export const registerObservability = (
  app: FastifyInstance,
  observability: Observability,
  ingest: ObservedIngest,
): ObservedIngest => {
  const { metrics, accessLog, openApi } = observability;
  const tallies = accessLog === undefined ? undefined : new Map<string, ReceivedTally>();
  const observer = requestObserver({ metrics, accessLog, tallies });
  if (observer !== undefined) registerRequestObservers(app, observer);
  if (metrics !== undefined) registerMetricsRoute(app, metrics, observability.metricsToken ?? null);
  if (openApi !== undefined) registerOpenApiRoute(app, openApi);
  if (metrics === undefined && tallies === undefined) return { ...ingest, observer };
  const receiveObserver = {
    onReceived:
      metrics === undefined
        ? undefined
        : (accepted: number, rejected: readonly { readonly field: string }[]) =>
            metrics.received(accepted, rejected),
    tallies,
  };
  return {
    receive: observedReceive(ingest.receive, receiveObserver),
    clients: observedClients(ingest.clients, receiveObserver),
    observer,
  };
};
