import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A request body as API Gateway handed it over: its text and its size in bytes. */
export interface EventBody {
  readonly text: string;
  readonly bytes: number;
}

/** The body of an HTTP API (payload 2.0) event, decoded when API Gateway base64-encoded it. */
export const eventBody = (event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): EventBody => {
  const body = event.body ?? '';
  if (event.isBase64Encoded) {
    const bytes = Buffer.from(body, 'base64');
    return { text: bytes.toString('utf8'), bytes: bytes.length };
  }
  return { text: body, bytes: Buffer.byteLength(body, 'utf8') };
};

/** A header's value; HTTP APIs lower-case header names, other callers may not. */
export const headerOf = (
  event: Pick<APIGatewayProxyEventV2, 'headers'>,
  name: string,
): string | undefined => {
  const headers = event.headers ?? {};
  const exact = headers[name];
  if (exact !== undefined) return exact;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
};

/**
 * The query string of an HTTP API event as the client sent it (`rawQueryString`); rebuilt from
 * `queryStringParameters` when an event carries only those.
 */
export const eventQueryString = (
  event: Pick<APIGatewayProxyEventV2, 'rawQueryString' | 'queryStringParameters'>,
): string => {
  if (typeof event.rawQueryString === 'string' && event.rawQueryString !== '') return event.rawQueryString;
  const parameters = Object.entries(event.queryStringParameters ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return new URLSearchParams(parameters).toString();
};
