import type { ServerResponse } from 'node:http';
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

const JSON_TYPE = 'application/json; charset=utf-8';

/** {@link sendResponse} on a Node response, with the headers fastify's `send` gives the same answer. */
export const sendNodeResponse = (res: ServerResponse, response: ClientResponse): void => {
  const payload = response.body === undefined ? '' : JSON.stringify(response.body);
  const headers: Record<string, string | number> = { ...response.headers };
  if (response.body !== undefined && headers['content-type'] === undefined)
    headers['content-type'] = JSON_TYPE;
  headers['content-length'] = Buffer.byteLength(payload);
  res.writeHead(response.status, headers);
  res.end(payload);
};
