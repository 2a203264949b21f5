import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { clientFormatFor, queryOfTarget } from '../../application/clients';
import type { IngestResponse } from '../../application/receive/receive-response';
import type { DownloadAccess } from '../../application/security/download-access';
import type { IngestGuard } from '../../application/security/ingest-guard';
import { isIngestRoute, requestDeviceIds } from '../../application/security/ingest-routes';
import { acceptsQueryToken } from '../../application/security/query-token';
import type { Principal } from '../../application/security/token-verifier';
import { clientRequestOf } from './client-routes';
import { sendResponse } from './send-response';

/** What the server needs to guard ingest and downloads. */
export interface HttpSecurity {
  readonly guard: Pick<IngestGuard, 'admit' | 'limitAddress' | 'checkText' | 'checkDevices'>;
  readonly downloads: Pick<DownloadAccess, 'check'>;
  /** A request must arrive whole within this time; a silent connection is closed after `idleTimeoutMs`. */
  readonly requestTimeoutMs: number;
  readonly idleTimeoutMs: number;
}

/** Fastify's options against slow clients: whole-request, header and idle timeouts. */
export const slowClientOptions = (security: HttpSecurity): Partial<FastifyServerOptions> => {
  const requestTimeout = security.requestTimeoutMs;
  return {
    requestTimeout,
    connectionTimeout: security.idleTimeoutMs,
    keepAliveTimeout: Math.min(5_000, security.idleTimeoutMs),
    http: {
      headersTimeout: Math.min(requestTimeout, 10_000),
      requestTimeout,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(requestTimeout / 2))),
    },
  } as Partial<FastifyServerOptions>;
};

const principals = new WeakMap<FastifyRequest, Principal | null>();

const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? request.url;

/**
 * The route a request was matched to, with its parameters filled in (`/reports/2026-11-28.csv`):
 * what the router serves, however the client spelled the path (percent-encoding and all).
 */
const routeOf = (request: FastifyRequest): string | undefined => {
  const pattern = request.routeOptions.url;
  if (pattern === undefined) return undefined;
  const params = (request.params ?? {}) as Record<string, string>;
  return pattern.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => params[name] ?? '');
};

const queryValue = (request: FastifyRequest, name: string): string | undefined => {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

/** The query string that may hold the device token: only on the routes of apps that cannot send a header. */
const tokenQueryOf = (request: FastifyRequest, path: string): string | undefined =>
  acceptsQueryToken(clientFormatFor(request.method, path)) ? queryOfTarget(request.url) : undefined;

const refuse = (reply: FastifyReply, response: IngestResponse): FastifyReply =>
  sendResponse(reply.header('cache-control', 'no-store'), response);

/**
 * Guards the server: before a body is read, the per-address limit and the device token of ingest
 * routes (401, 429; the header's, or `?token=` on the OsmAnd/Traccar routes), and the download
 * token or signed link of `/reports` (401, 403); once the body is read, its JSON depth (400) and
 * the token's devices (403).
 */
export const registerSecurityHooks = (app: FastifyInstance, security: HttpSecurity): void => {
  app.addHook('onRequest', async (request, reply) => {
    const path = routeOf(request);
    if (path === undefined) return;
    if (isIngestRoute(request.method, path)) {
      const admission = await security.guard.admit({
        authorization: request.headers.authorization,
        tokenQuery: tokenQueryOf(request, path),
        clientIp: request.ip,
      });
      if (!admission.ok) return refuse(reply, admission.response);
      principals.set(request, admission.principal);
      return;
    }
    if (path === '/reports' || path.startsWith('/reports/')) {
      const limited = security.guard.limitAddress(request.ip);
      if (limited !== undefined) return refuse(reply, limited);
      const refusal = await security.downloads.check({
        path,
        authorization: request.headers.authorization,
        expires: queryValue(request, 'expires'),
        signature: queryValue(request, 'signature'),
      });
      if (refusal !== undefined) return refuse(reply, refusal);
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    if (!principals.has(request)) return;
    const text = typeof request.body === 'string' ? request.body : '';
    const tooDeep = security.guard.checkText(text);
    if (tooDeep !== undefined) return refuse(reply, tooDeep);
    const principal = principals.get(request) ?? null;
    if (principal?.devices == null) return;
    const devices = requestDeviceIds(routeOf(request) ?? pathOf(request), clientRequestOf(request));
    const forbidden = security.guard.checkDevices(principal, {
      locations: devices.map((deviceId) => ({ deviceId })),
    });
    if (forbidden !== undefined) return refuse(reply, forbidden);
  });
};
