import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CLIENT_ROUTES,
  type ClientFormat,
  type ClientIntake,
  type ClientRequest,
  parseQueryString,
  queryOfTarget,
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

export interface ClientRoutesDeps extends IngestRouteDeps {
  /** Receives the apps' messages (and keeps their refused items). */
  readonly clients: Pick<ClientIntake, 'receive'>;
}

/**
 * The tracking apps' routes (`POST /owntracks`, `POST /overland`, `GET|POST /osmand` and
 * `GET|POST /`): each request is read in its app's format, its locations received exactly as
 * `POST /locations` receives them and its refused items kept, then answered the way the app expects.
 */
export const registerClientRoutes = (app: FastifyInstance, deps: ClientRoutesDeps): void => {
  const { clients, clock, logger, onAccepted } = deps;
  const handle =
    (format: ClientFormat, route: string) => async (request: FastifyRequest, reply: FastifyReply) => {
      const answer = await clients.receive(format, clientRequestOf(request), {
        requestId: request.id,
        receivedAt: clock.now(),
        route,
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
        handler: handle(route.format, path),
      });
  }
};
