import type { FastifyReply } from 'fastify';
import type { ClientResponse } from '../ingest/client-format';

/**
 * Sends a transport-neutral answer (an ingest answer, or a tracking app's): its status, headers,
 * and its JSON body, or none.
 */
export const sendResponse = (reply: FastifyReply, response: ClientResponse): FastifyReply => {
  reply.code(response.status);
  if (response.headers !== undefined) reply.headers(response.headers);
  return response.body === undefined ? reply.send() : reply.send(response.body);
};
