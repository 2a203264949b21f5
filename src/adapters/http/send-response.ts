import type { FastifyReply } from 'fastify';
import type { IngestResponse } from '../../application/receive/receive-response';

/** Sends a transport-neutral answer: its status, headers and JSON body. */
export const sendResponse = (reply: FastifyReply, response: IngestResponse): FastifyReply => {
  reply.code(response.status);
  if (response.headers !== undefined) reply.headers(response.headers);
  return reply.send(response.body);
};
