import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
  HTTPMethods,
} from 'fastify';
import { clientFormatFor, queryOfTarget, type SharedDeviceIds } from '../../application/clients';
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
  readonly guard: Pick<IngestGuard, 'admit' | 'limitAddress' | 'checkText' | 'checkDevices'> &
    Partial<Pick<IngestGuard, 'admitsAll'>>;
  readonly downloads: Pick<DownloadAccess, 'check'>;
  /** A request must arrive whole within this time; a silent connection is closed after `idleTimeoutMs`. */
  readonly requestTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Told the device ids of each authenticated ingest request, with its token (two phones sharing an id). */
  readonly sharedIds?: Pick<SharedDeviceIds, 'observe'>;
  /** The time of a request, for {@link sharedIds}. */
  readonly now?: () => number;
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

/** The principals of admitted requests (their devices are checked, or observed, once the body is read). */
const admittedPrincipals = new WeakMap<FastifyRequest, Principal>();

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

const refuse = (reply: FastifyReply, response: IngestResponse): FastifyReply =>
  sendResponse(reply.header('cache-control', 'no-store'), response);

/**
 * The guards of an ingest route, its path and methods known once: before the body is read, the
 * per-address limit and the device token (the header's, or `?token=` on the routes of apps that
 * cannot send a header); once it is read, its JSON depth and the token's devices.
 */
const ingestHooks = (
  security: HttpSecurity,
  path: string,
  methods: readonly string[],
): { onRequest: Hook; preHandler: Hook } => {
  const tokenInQuery = methods.some((method) => acceptsQueryToken(clientFormatFor(method, path)));
  return {
    onRequest: async (request, reply) => {
      const admission = await security.guard.admit({
        authorization: request.headers.authorization,
        tokenQuery: tokenInQuery ? queryOfTarget(request.url) : undefined,
        clientIp: request.ip,
      });
      if (!admission.ok) return refuse(reply, admission.response);
      if (admission.principal != null) admittedPrincipals.set(request, admission.principal);
      return undefined;
    },
    preHandler: async (request, reply) => {
      const tooDeep = security.guard.checkText(typeof request.body === 'string' ? request.body : '');
      if (tooDeep !== undefined) return refuse(reply, tooDeep);
      const principal = admittedPrincipals.get(request);
      if (principal === undefined || (principal.devices == null && security.sharedIds === undefined))
        return undefined;
      const deviceIds = requestDeviceIds(path, clientRequestOf(request));
      const forbidden = security.guard.checkDevices(principal, deviceIds);
      if (forbidden !== undefined) return refuse(reply, forbidden);
      security.sharedIds?.observe(deviceIds, principal.tokenId, security.now?.() ?? Date.now());
      return undefined;
    },
  };
};

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
 * Guards the server: the ingest routes (401, 429 before the body is read; 400 for its JSON depth
 * and 403 for the token's devices once it is) and `/reports` (429, 401, 403). Each route is told
 * apart once, as it is registered (so this must run before the routes are added; a route with any
 * method that takes locations is guarded whole): a request pays only for its own route's guards,
 * and `/health` for none.
 */
export const registerSecurityHooks = (app: FastifyInstance, security: HttpSecurity): void => {
  app.addHook('onRoute', (route) => {
    const methods: readonly HTTPMethods[] = [route.method].flat();
    if (methods.some((method) => isIngestRoute(method, route.url))) {
      const hooks = ingestHooks(security, route.url, methods);
      if (security.guard.admitsAll !== true) route.onRequest = withHook(route.onRequest, hooks.onRequest);
      route.preHandler = withHook(route.preHandler, hooks.preHandler);
    } else if (route.url === '/reports' || route.url.startsWith('/reports/')) {
      route.onRequest = withHook(route.onRequest, downloadHook(security, route.url));
    }
  });
};
