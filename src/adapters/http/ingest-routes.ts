import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../application/security/token-verifier';
import {
  INGEST_ROUTES,
  IngestCore,
  type IngestCoreDeps,
  type IngestRequest,
  type IngestRoute,
} from '../ingest';
import type { Logger } from '../logging/create-logger';
import type { HttpSecurity } from './auth-hooks';
import { sendResponse } from './send-response';

export interface IngestRoutesDeps extends Omit<IngestCoreDeps, 'guard' | 'sharedIds' | 'headerNames'> {
  readonly logger: Logger;
  readonly security?: HttpSecurity;
}

/** A fastify request as the ingest core reads it (Node hands header names over in lower case). */
const requestOf = (request: FastifyRequest, route: IngestRoute): IngestRequest => {
  const url = request.url;
  const mark = url.indexOf('?');
  return {
    method: request.method,
    path: route.path,
    query: mark < 0 ? '' : url.slice(mark + 1),
    headers: request.headers,
    body: typeof request.body === 'string' ? request.body : '',
    remoteAddress: request.ip,
    requestId: request.id,
  };
};

/**
 * The ingest routes on fastify, a shim over {@link IngestCore}: each route of the core's table is
 * registered with its methods (fastify's router finds it; trailing slashes are ignored by the
 * server), the core's admission runs before the body is read (only when it can refuse), fastify
 * reads the body within the size limit (413 by the server's error handler), and the core answers.
 */
export const registerIngestRoutes = (app: FastifyInstance, deps: IngestRoutesDeps): IngestCore => {
  const core = new IngestCore({
    ...deps,
    guard: deps.security?.guard,
    sharedIds: deps.security?.sharedIds,
    headerNames: 'lower-case',
  });
  const { admitsAll } = core;
  const admitted = new WeakMap<FastifyRequest, Principal>();
  for (const route of INGEST_ROUTES) {
    const admit = async (request: FastifyRequest, reply: FastifyReply) => {
      const admission = await core.admit(route, requestOf(request, route));
      if (!admission.ok) return sendResponse(reply, admission.response);
      if (admission.principal !== null) admitted.set(request, admission.principal);
      return undefined;
    };
    app.route({
      method: [...route.methods],
      url: route.path,
      // No implicit HEAD: a route that stores locations answers only its own methods.
      exposeHeadRoute: false,
      ...(admitsAll ? {} : { onRequest: admit }),
      handler: async (request, reply) => {
        const answer = await core.answer(
          route,
          requestOf(request, route),
          admitsAll ? null : (admitted.get(request) ?? null),
        );
        if (answer.failure !== undefined) {
          const client = answer.client === undefined ? {} : { client: answer.client };
          deps.logger.error(
            { err: answer.failure, requestId: request.id, ...client },
            'a request could not be received',
          );
        }
        return sendResponse(reply, answer.response);
      },
    });
  }
  return core;
};
