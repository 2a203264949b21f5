import { type ClientRequest, parseQueryString } from './client-format';

/** Header values by name, as a transport hands them over (Node's are lower-case; arrays for repeated ones). */
export type IngestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** One request to an ingest route, whatever carried it (the local server or API Gateway). */
export interface IngestRequest {
  /** `GET`, `POST`, … */
  readonly method: string;
  /** The path, without the query string. */
  readonly path: string;
  /** The query string as sent, without `?` (empty when there is none). */
  readonly query: string;
  readonly headers: IngestHeaders;
  /** The body as text (empty when there is none). */
  readonly body: string;
  /** The body's size in bytes, for a transport that hands over bodies of any size (over the limit: 413). */
  readonly bodyBytes?: number;
  /** The client's address (the socket's, or API Gateway's `sourceIp`). */
  readonly remoteAddress: string;
  readonly requestId: string;
}

/** How header names are looked up: as given (lower-case, as Node hands them over), or in any case. */
export type HeaderNames = 'lower-case' | 'any-case';

const lastOf = (value: string | readonly string[] | undefined): string | undefined =>
  typeof value === 'string' || value === undefined ? value : value[value.length - 1];

/** A header's value by its lower-case name; of a repeated header, the last value. */
export const headerOf = (headers: IngestHeaders, name: string, names: HeaderNames): string | undefined => {
  const exact = headers[name];
  if (exact !== undefined || names === 'lower-case') return lastOf(exact);
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return lastOf(headers[key]);
  return undefined;
};

/** A request as the client formats read it (the query parsed once). */
export const clientRequestOf = (request: IngestRequest, names: HeaderNames): ClientRequest => ({
  method: request.method.toUpperCase(),
  query: parseQueryString(request.query),
  header: (name) => headerOf(request.headers, name.toLowerCase(), names),
  body: request.body,
});
