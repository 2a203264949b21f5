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

/** The query string as the client sent it; rebuilt from `queryStringParameters` when an event carries only those. */
const queryOf = (event: APIGatewayProxyEventV2): string => {
  if (typeof event.rawQueryString === 'string' && event.rawQueryString !== '') return event.rawQueryString;
  const parameters = Object.entries(event.queryStringParameters ?? {});
  return new URLSearchParams(
    parameters.filter((p): p is [string, string] => typeof p[1] === 'string'),
  ).toString();
};

/**
 * An HTTP API (payload 2.0) event as the ingest core reads it: headers in any case, the body
 * decoded once when API Gateway base64-encoded it, with its size (the core answers 413 over the limit).
 */
export const ingestRequestOf = (event: APIGatewayProxyEventV2, requestId: string): IngestRequest => {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : undefined;
  return {
    ...routeOfEvent(event),
    query: queryOf(event),
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
