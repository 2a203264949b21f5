import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import proxyAddr from '@fastify/proxy-addr';
import { redactUrl } from '../../application/security/redact-url';
import type { Principal } from '../../application/security/token-verifier';
import { isLocusError } from '../../ports';
import type { ClientResponse, IngestCore, IngestRequest, IngestRoute } from '../ingest';
import { ingestRouteOf, notConfigured, payloadTooLarge } from '../ingest';
import type { Logger } from '../logging/create-logger';
import type { RequestObserver } from './access-log';
import { readBody } from './read-body';
import { sendNodeResponse } from './send-response';

export interface IngestFastPathDeps {
  /** The core fastify's ingest routes answer with (the same guards, rules and answers). */
  readonly core: IngestCore;
  readonly maxBodyBytes: number;
  readonly logger: Logger;
  /** The server's request ids (one counter for both paths). */
  readonly nextRequestId: () => string;
  /** As fastify's `trustProxy`: whose `X-Forwarded-For` is believed. */
  readonly trustProxy?: string;
  readonly observer?: RequestObserver;
  /** Whether the server is closing: fastify then answers (503 and `Connection: close`). */
  readonly closing: () => boolean;
}

/** Takes a request (and answers it) or leaves it to fastify: `false`. */
export type FastPath = (request: IncomingMessage, response: ServerResponse) => boolean;

/** Media types whose reading fastify's parser would pass through as text (a valid type, at most a charset). */
const PLAIN_CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;\s*charset=("[\w-]+"|[\w-]+))?\s*$/i;

const INTERNAL_ERROR: ClientResponse = {
  status: 500,
  body: { error: 'internal', message: 'internal error' },
};

const withHeader = (response: ClientResponse, name: string, value: string): ClientResponse => ({
  ...response,
  headers: { ...response.headers, [name]: value },
});

/** The client's address as fastify's `request.ip` gives it. */
const clientAddressOf = (trustProxy: string | undefined): ((request: IncomingMessage) => string) => {
  if (trustProxy === undefined) return (request) => request.socket.remoteAddress ?? '';
  const trust = proxyAddr.compile(trustProxy.split(',').map((entry) => entry.trim()));
  return (request) => {
    const addresses = proxyAddr.all(request, trust);
    return addresses[addresses.length - 1] ?? '';
  };
};

/**
 * The device-bound requests (`POST` on an ingest route) answered straight from Node's request
 * and response, before fastify builds its own objects, routes and runs hooks for them: the same
 * {@link IngestCore} answers, with the same order (admission before the body is read, the size
 * limit with its drained 413, then the body), the same request ids, access log line and metrics.
 * Anything else — other methods and routes, an encoded path, a media type fastify's parser would
 * have to judge, a server closing — is left to fastify.
 */
export const ingestFastPath = (deps: IngestFastPathDeps): FastPath => {
  const { core, observer } = deps;
  const clientAddress = clientAddressOf(deps.trustProxy);

  const answer = async (
    raw: IncomingMessage,
    res: ServerResponse,
    route: IngestRoute,
    request: IngestRequest,
  ): Promise<ClientResponse | undefined> => {
    let principal: Principal | null = null;
    if (!core.admitsAll) {
      const admission = await core.admit(route, request);
      if (!admission.ok) return admission.response;
      principal = admission.principal;
    }
    const body = await readBody(raw, deps.maxBodyBytes);
    if (body.kind === 'aborted') return undefined;
    // As fastify does: the connection is closed after a refused body (what follows it is not trusted).
    if (body.kind === 'too-large')
      return withHeader(payloadTooLarge(deps.maxBodyBytes), 'connection', 'close');
    const reply = await core.answer(route, { ...request, body: body.text }, principal);
    if (reply.failure !== undefined) {
      const client = reply.client === undefined ? {} : { client: reply.client };
      deps.logger.error(
        { err: reply.failure, requestId: request.requestId, ...client },
        'a request could not be received',
      );
    }
    return res.destroyed ? undefined : reply.response;
  };

  const serve = async (raw: IncomingMessage, res: ServerResponse, route: IngestRoute, query: string) => {
    const started = performance.now();
    const request: IngestRequest = {
      method: 'POST',
      path: route.path,
      query,
      headers: raw.headers,
      body: '',
      // Read through the proxies only when a guard needs it (the per-address limit).
      remoteAddress: core.admitsAll ? (raw.socket.remoteAddress ?? '') : clientAddress(raw),
      requestId: deps.nextRequestId(),
    };
    let response: ClientResponse | undefined;
    try {
      response = await answer(raw, res, route, request);
    } catch (error) {
      deps.logger.error(
        { err: error, requestId: request.requestId, url: redactUrl(raw.url ?? '') },
        'request failed',
      );
      response = isLocusError(error, 'CONFIGURATION') ? notConfigured() : INTERNAL_ERROR;
    }
    if (response === undefined) {
      observer?.forget(request.requestId);
      return;
    }
    sendNodeResponse(res, response);
    observer?.answered({
      requestId: request.requestId,
      method: 'POST',
      route: route.path,
      status: response.status,
      ms: performance.now() - started,
    });
  };

  return (raw, res) => {
    if (raw.method !== 'POST' || deps.closing()) return false;
    const url = raw.url ?? '';
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    if (path.includes('%')) return false;
    const route = ingestRouteOf('POST', path);
    if (route === undefined) return false;
    const type = raw.headers['content-type'];
    if (type !== undefined && !PLAIN_CONTENT_TYPE.test(type)) return false;
    void serve(raw, res, route, mark < 0 ? '' : url.slice(mark + 1));
    return true;
  };
};
