import type { FastifyInstance } from 'fastify';
import { acceptedResponse, failureResponse, parseJsonBody } from '../../application/receive/receive-response';
import type { ReceiveService } from '../../application/receive/receive-service';
import type { LocationsAccepted } from '../../domain';
import type { Clock } from '../../ports';
import type { Logger } from '../logging/create-logger';
import { sendResponse } from './send-response';

export interface IngestRouteDeps {
  readonly receive: Pick<ReceiveService, 'accept'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Told of every accepted request (counts for the status report). */
  readonly onAccepted?: (event: LocationsAccepted) => void;
}

/**
 * `POST /locations`: one location or `{ "locations": [...] }`. Answers 202 only once the queue
 * said the records are durable; 400 when nothing valid was sent, 415 when the body is not JSON,
 * 503 when the queue cannot take them.
 */
export const registerIngestRoute = (app: FastifyInstance, deps: IngestRouteDeps): void => {
  const { receive, clock, logger, onAccepted } = deps;
  app.post('/locations', async (request, reply) => {
    const parsed = parseJsonBody(
      typeof request.body === 'string' ? request.body : '',
      request.headers['content-type'],
    );
    if (!parsed.ok) return sendResponse(reply, parsed.response);
    try {
      const outcome = await receive.accept(parsed.value, { requestId: request.id, receivedAt: clock.now() });
      if (outcome.kind === 'accepted') onAccepted?.(outcome.event);
      return sendResponse(reply, acceptedResponse(outcome));
    } catch (error) {
      const response = failureResponse(error);
      if (response.status >= 500)
        logger.error({ err: error, requestId: request.id }, 'a request could not be received');
      return sendResponse(reply, response);
    }
  });
};
