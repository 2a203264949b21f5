import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from '../logging/create-logger';
import type { ReceivedTally } from './metrics-observed-receive';
import type { LocusMetrics } from './metrics-registry';

/** What watches the answered requests: the metrics, the access log, or both. */
export interface RequestObservers {
  readonly metrics?: LocusMetrics;
  /** The access log's logger (one `info` line per request); none when `LOCUS_ACCESS_LOG=off`. */
  readonly accessLog?: Logger;
  /** Filled by the receive service's observer, read (and emptied) here. */
  readonly tallies?: Map<string, ReceivedTally>;
}

/** One answered request, as every transport of the server tells it. */
export interface AnsweredRequest {
  readonly requestId: string;
  readonly method: string;
  /** The route pattern it matched (`/reports/:file`), never its path: no ids, dates or tokens. */
  readonly route: string;
  readonly status: number;
  /** From its first byte to its answer. */
  readonly ms: number;
}

/** Counts and logs answered requests; forgets the tally of one that ended without an answer. */
export interface RequestObserver {
  answered(request: AnsweredRequest): void;
  forget(requestId: string): void;
}

/**
 * Watches every answered request once: counts it by route pattern and status with its time, and
 * writes the access log line — method, route pattern, status, time, items accepted and rejected,
 * devices, request id. The line never holds the URL (coordinates and tokens travel in OsmAnd's
 * query string), the body or a header. `undefined` when there are neither metrics nor a log.
 */
export const requestObserver = (observers: RequestObservers): RequestObserver | undefined => {
  const { metrics, tallies } = observers;
  // The line's fields are flat and named here, so only top-level coordinates need redacting: the
  // logger's own wildcard paths (`*.latitude`) walk every field of every line, twice the line's cost.
  const accessLog = observers.accessLog?.child(
    {},
    { redact: { paths: ['latitude', 'longitude'], censor: '[redacted]' } },
  );
  if (metrics === undefined && accessLog === undefined) return undefined;
  return {
    forget: (requestId) => {
      tallies?.delete(requestId);
    },
    answered: ({ requestId, method, route, status, ms }) => {
      metrics?.request(route, method, status, ms / 1000);
      if (accessLog === undefined) return;
      const tally = tallies?.get(requestId);
      if (tally !== undefined) tallies?.delete(requestId);
      accessLog.info(
        {
          requestId,
          method,
          route,
          status,
          ms: Math.round(ms * 10) / 10,
          ...(tally === undefined
            ? {}
            : { accepted: tally.accepted, rejected: tally.rejected, devices: tally.devices }),
        },
        'request',
      );
    },
  };
};

/** The route pattern a fastify request matched. */
const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

/** Tells `observer` of every request fastify answers (`onResponse`). */
export const registerRequestObservers = (app: FastifyInstance, observer: RequestObserver): void => {
  app.addHook('onRequestAbort', async (request) => observer.forget(request.id));
  app.addHook('onResponse', async (request, reply) =>
    observer.answered({
      requestId: request.id,
      method: request.method,
      route: routeOf(request),
      status: reply.statusCode,
      ms: reply.elapsedTime,
    }),
  );
};
