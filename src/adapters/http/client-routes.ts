import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CLIENT_ROUTES,
  type ClientFormat,
  type ClientRequest,
  parseQueryString,
  queryOfTarget,
  receiveFromClient,
} from '../../application/clients';
import type { IngestRouteDeps } from './ingest-route';
import { sendResponse } from './send-response';

const headerValue = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[value.length - 1] : value;

/** A fastify request as the client formats read it. */
export const clientRequestOf = (request: FastifyRequest): ClientRequest => ({
  method: request.method,
  query: parseQueryString(queryOfTarget(request.url)),
  header: (name) => headerValue(request.headers[name.toLowerCase()]),
  body: typeof request.body === 'string' ? request.body : '',
});

/**
 * The tracking apps' routes (`POST /owntracks`, `POST /overland`, `GET|POST /osmand` and
 * `GET|POST /`): each request is read in its app's format and received exactly as
 * `POST /locations` receives its locations, then answered the way the app expects.
 */
export const registerClientRoutes = (app: FastifyInstance, deps: IngestRouteDeps): void => {
  const { receive, clock, logger, onAccepted } = deps;
  const handle = (format: ClientFormat) => async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await receiveFromClient(format, clientRequestOf(request), receive, {
      requestId: request.id,
      receivedAt: clock.now(),
    });
    if (answer.event !== undefined) onAccepted?.(answer.event);
    if (answer.failure !== undefined) {
      logger.error(
        { err: answer.failure, requestId: request.id, client: format.name },
        'a request could not be received',
      );
    }
    return sendResponse(reply, answer.response);
  };
  for (const route of CLIENT_ROUTES) {
    for (const path of route.paths)
      app.route({
        method: [...route.methods],
        url: path,
        // No implicit HEAD: a route that stores locations answers only its own methods (and is guarded as such).
        exposeHeadRoute: false,
        handler: handle(route.format),
      });
  }
};
