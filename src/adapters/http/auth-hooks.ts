import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { DownloadAccess } from '../../application/security/download-access';
import type { IngestGuard } from '../../application/security/ingest-guard';
import type { Refusal } from '../../application/security/refusal';
import { refusalResponse } from '../ingest/refusal-response';
import type { SharedDeviceIds } from '../ingest/shared-device-ids';
import { sendResponse } from './send-response';

/** What the server needs to guard ingest and downloads. */
export interface HttpSecurity {
  readonly guard: Pick<IngestGuard, 'admit' | 'limitAddress' | 'checkText' | 'checkDevices'> &
    Partial<Pick<IngestGuard, 'admitsAll'>>;
  readonly downloads: Pick<DownloadAccess, 'check'>;
  /** A request must arrive whole within this time; a silent connection is closed after `idleTimeoutMs`. */
  readonly requestTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Told the device ids of each authenticated ingest request, with its token (two phones sharing an id). */
  readonly sharedIds?: Pick<SharedDeviceIds, 'observe'>;
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

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/**
 * A route pattern with the request's parameters filled in (`/reports/2026-11-28.csv`): what the
 * router serves, however the client spelled the path (percent-encoding and all).
 */
const filledPath = (pattern: string, request: FastifyRequest): string => {
  const params = (request.params ?? {}) as Record<string, string>;
  return pattern.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => params[name] ?? '');
};

const queryValue = (request: FastifyRequest, name: string): string | undefined => {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

const refuse = (reply: FastifyReply, refusal: Refusal): FastifyReply =>
  sendResponse(reply, refusalResponse(refusal));

/** The guard of a `/reports` route: the per-address limit, then the download token or signed link. */
const downloadHook =
  (security: HttpSecurity, pattern: string): Hook =>
  async (request, reply) => {
    const limited = security.guard.limitAddress(request.ip);
    if (limited !== undefined) return refuse(reply, limited);
    const refusal = await security.downloads.check({
      path: filledPath(pattern, request),
      authorization: request.headers.authorization,
      expires: queryValue(request, 'expires'),
      signature: queryValue(request, 'signature'),
    });
    return refusal === undefined ? undefined : refuse(reply, refusal);
  };

/** A route's own hooks (none, one or several) followed by `hook`. */
const withHook = <H>(own: H | H[] | undefined, hook: H): H[] => [
  ...(own === undefined ? [] : Array.isArray(own) ? own : [own]),
  hook,
];

/**
 * Guards `/reports` (429, 401, 403); the ingest routes are guarded by the ingest core. Each route
 * is told apart once, as it is registered (so this must run before the routes are added): a request
 * pays only for its own route's guards, and `/health` for none.
 */
export const registerSecurityHooks = (app: FastifyInstance, security: HttpSecurity): void => {
  app.addHook('onRoute', (route) => {
    if (route.url === '/reports' || route.url.startsWith('/reports/')) {
      route.onRequest = withHook(route.onRequest, downloadHook(security, route.url));
    }
  });
};
