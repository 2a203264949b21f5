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

/** The route pattern a request matched (`/reports/:file`), never its path: no ids, dates or tokens. */
const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

/**
 * Watches every answered request once (fastify's `onResponse`): counts it by route pattern and
 * status with its time, and writes the access log line — method, route pattern, status, time,
 * items accepted and rejected, devices, request id. The line never holds the URL (coordinates and
 * tokens travel in OsmAnd's query string), the body or a header.
 */
export const registerRequestObservers = (app: FastifyInstance, observers: RequestObservers): void => {
  const { metrics, tallies } = observers;
  // The line's fields are flat and named here, so only top-level coordinates need redacting: the
  // logger's own wildcard paths (`*.latitude`) walk every field of every line, twice the line's cost.
  const accessLog = observers.accessLog?.child(
    {},
    { redact: { paths: ['latitude', 'longitude'], censor: '[redacted]' } },
  );
  if (metrics === undefined && accessLog === undefined) return;
  const forget = async (request: FastifyRequest) => {
    tallies?.delete(request.id);
  };
  app.addHook('onRequestAbort', forget);
  app.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request);
    const ms = reply.elapsedTime;
    metrics?.request(route, request.method, reply.statusCode, ms / 1000);
    if (accessLog === undefined) return;
    const tally = tallies?.get(request.id);
    if (tally !== undefined) tallies?.delete(request.id);
    accessLog.info(
      {
        requestId: request.id,
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(ms * 10) / 10,
        ...(tally === undefined
          ? {}
          : { accepted: tally.accepted, rejected: tally.rejected, devices: tally.devices }),
      },
      'request',
    );
  });
};
