import { createServer, type Server } from 'node:http';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { redactUrl } from '../../application/security/redact-url';
import type { QueueDepth } from '../../ports';
import { isLocusError } from '../../ports';
import { methodNotAllowed, notConfigured, notFound, routePath } from '../ingest';
import { type HttpSecurity, registerSecurityHooks, slowClientOptions } from './auth-hooks';
import { registerConsoleLanding } from './console/console-landing';
import { type ConsoleDeps, registerConsole } from './console/console-routes';
import { drainOversizedBody, frameworkErrorResponse } from './http-errors';
import { type FastPath, ingestFastPath } from './ingest-fast-path';
import { type IngestRoutesDeps, registerIngestRoutes } from './ingest-routes';
import { trackRouteMethods } from './method-not-allowed';
import { type Observability, type ObservedIngest, registerObservability } from './metrics-observability';
import { type ReportRoutesDeps, registerReportRoutes } from './report-routes';
import { sendResponse } from './send-response';

export interface HttpServerDeps extends Omit<IngestRoutesDeps, 'security'>, ReportRoutesDeps {
  /** Whether the queue answers (`GET /health`); throws when it does not. */
  readonly queueDepth: () => Promise<QueueDepth>;
  /** Device tokens, download access, abuse limits and slow-client timeouts; none when absent. */
  readonly security?: HttpSecurity;
  /** The web console under `/console/` (and `GET /` sending browsers there); none when absent. */
  readonly console?: ConsoleDeps;
  /**
   * Addresses (IPs or CIDRs, comma-separated) of proxies whose `X-Forwarded-For` is believed: a
   * request from one is taken to come from the address the proxy saw (rate limits per address).
   */
  readonly trustProxy?: string;
  /** `/metrics`, the access log and `/openapi.json`; none when absent. */
  readonly observability?: Observability;
  /**
   * `false`: device-bound requests go through fastify's routes too, not the fast path
   * (ingest-fast-path.ts); the answers are the same either way, the fast path costs less.
   */
  readonly ingestFastPath?: boolean;
}

/**
 * The HTTP server: ingest, health, report downloads, the web console and (with `observability`)
 * metrics, an access log and the API description. Lean on purpose (it takes every device's
 * requests): bodies kept as raw text and parsed once by the ingest rules, request ids from a
 * counter, fastify's own logger off (the access log is one line per request, written once the
 * answer is sent).
 */
export const createHttpServer = (deps: HttpServerDeps): FastifyInstance => {
  let requests = 0;
  const nextRequestId = () => `req-${(++requests).toString(36)}`;
  let fastPath: FastPath | undefined;
  let closing = false;
  const app = Fastify({
    logger: false,
    bodyLimit: deps.maxBodyBytes,
    genReqId: nextRequestId,
    // Device-bound requests skip fastify (see ingest-fast-path.ts); the server is made as fastify makes it.
    serverFactory: (handler, options) =>
      nodeServer(options, (request, response) => {
        if (fastPath?.(request, response) !== true) handler(request, response);
      }),
    // `/owntracks/` is `/owntracks`: apps' settings are typed by hand.
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    ...(deps.trustProxy === undefined ? {} : { trustProxy: deps.trustProxy }),
    ...(deps.security === undefined ? {} : slowClientOptions(deps.security)),
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') await drainOversizedBody(request);
    const response = frameworkErrorResponse(error, deps.maxBodyBytes);
    if (response !== undefined) return sendResponse(reply, response);
    deps.logger.error({ err: error, requestId: request.id, url: redactUrl(request.url) }, 'request failed');
    if (isLocusError(error, 'CONFIGURATION')) return sendResponse(reply, notConfigured());
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });
  const methodsOf = trackRouteMethods(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = methodsOf(path);
    return sendResponse(
      reply,
      allowed.length > 0 ? methodNotAllowed(routePath(path), allowed) : notFound(request.method, path),
    );
  });

  if (deps.console !== undefined) registerConsoleLanding(app);
  if (deps.security !== undefined) registerSecurityHooks(app, deps.security);

  app.get('/health', async (_request, reply) => {
    try {
      const queue = await deps.queueDepth();
      return reply.send({ status: 'ok', queue });
    } catch (error) {
      deps.logger.warn({ err: error }, 'health check: the queue does not answer');
      return reply.code(503).send({ status: 'unavailable', message: 'the queue does not answer' });
    }
  });
  const ingest: ObservedIngest =
    deps.observability === undefined
      ? deps
      : registerObservability(app, deps.observability, { receive: deps.receive, clients: deps.clients });
  const core = registerIngestRoutes(app, { ...deps, receive: ingest.receive, clients: ingest.clients });
  app.addHook('preClose', async () => {
    closing = true;
  });
  if (deps.ingestFastPath !== false) {
    fastPath = ingestFastPath({
      core,
      maxBodyBytes: deps.maxBodyBytes,
      logger: deps.logger,
      nextRequestId,
      trustProxy: deps.trustProxy,
      observer: ingest.observer,
      closing: () => closing,
    });
  }
  registerReportRoutes(app, deps);
  if (deps.console !== undefined) {
    registerConsole(app, {
      ...deps.console,
      reports: deps.reports,
      clock: deps.clock,
      security: deps.security,
    });
  }
  return app;
};

/** An HTTP/1 server with fastify's timeouts, as fastify makes one when given no factory. */
const nodeServer = (options: FastifyServerOptions, handler: Parameters<typeof createServer>[1]): Server => {
  const server = createServer((options as { http?: object }).http ?? {}, handler);
  if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
  if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
  server.setTimeout(options.connectionTimeout ?? 0);
  return server;
};

/**
 * Stops the server gracefully: no new connections, requests in flight answered, then every
 * connection closed. Keep-alive connections that fall idle after their last answer are closed as
 * they do (the server would otherwise wait for their keep-alive timeout); after `graceMs` the
 * remaining ones are cut.
 */
export const closeHttpServer = async (app: FastifyInstance, graceMs = 10_000): Promise<void> => {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 25);
  const deadline = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
};
