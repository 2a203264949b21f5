import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ClientResponse, type IngestRequest, routePath } from '../../../src/adapters/ingest';

/** The method and path of an event: from its route key (`POST /owntracks`), else from the request. */
export const routeOfEvent = (event: APIGatewayProxyEventV2): { method: string; path: string } => {
  const key = event.routeKey ?? '';
  const space = key.indexOf(' ');
  if (key !== '$default' && space > 0)
    return { method: key.slice(0, space), path: routePath(key.slice(space + 1)) };
  return { method: event.requestContext?.http?.method ?? 'POST', path: routePath(event.rawPath ?? '') };
};

/**
 * The query string of an HTTP API event as the client sent it (`rawQueryString`); rebuilt from
 * `queryStringParameters` when an event carries only those.
 */
const eventQueryString = (event: APIGatewayProxyEventV2): string => {
  if (typeof event.rawQueryString === 'string' && event.rawQueryString !== '') return event.rawQueryString;
  const parameters = Object.entries(event.queryStringParameters ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return new URLSearchParams(parameters).toString();
};

/**
 * An HTTP API (payload 2.0) event as the ingest core reads it: its route, query, headers (in any
 * case), its body decoded once when API Gateway base64-encoded it, with its size in bytes (the 413
 * is the core's: API Gateway hands over bodies of any size up to its own limit).
 */
export const ingestRequestOf = (event: APIGatewayProxyEventV2, requestId: string): IngestRequest => {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : undefined;
  return {
    ...routeOfEvent(event),
    query: eventQueryString(event),
    headers: event.headers ?? {},
    body: bytes === undefined ? raw : bytes.toString('utf8'),
    bodyBytes: bytes === undefined ? Buffer.byteLength(raw, 'utf8') : bytes.length,
    remoteAddress: event.requestContext?.http?.sourceIp ?? 'unknown',
    requestId,
  };
};

/** An answer as the Lambda result (JSON, or an empty body). */
export const lambdaResult = (response: ClientResponse): APIGatewayProxyStructuredResultV2 => ({
  statusCode: response.status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...response.headers },
  body: response.body === undefined ? '' : JSON.stringify(response.body),
});
