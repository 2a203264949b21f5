import type { ReceiveOutcome } from '../../application/receive/receive-service';
import { isLocusError } from '../../ports';

/** A transport-neutral answer: the HTTP server and the Lambda handler both send exactly this. */
export interface IngestResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export const acceptedResponse = (outcome: ReceiveOutcome): IngestResponse =>
  outcome.kind === 'accepted'
    ? { status: 202, body: { accepted: outcome.ids.length, ids: outcome.ids, rejected: outcome.rejected } }
    : {
        status: 400,
        body: { error: 'invalid_request', message: outcome.message, rejected: outcome.rejected },
      };

/** The answer for a request that failed before or while it was received. */
export const failureResponse = (error: unknown): IngestResponse => {
  if (isLocusError(error, 'QUEUE_UNAVAILABLE')) {
    return {
      status: 503,
      body: {
        error: 'unavailable',
        message: 'the location could not be stored; nothing was accepted, retry later',
      },
      headers: { 'retry-after': '5' },
    };
  }
  if (isLocusError(error, 'CONFIGURATION')) return notConfigured('nothing was accepted');
  return { status: 500, body: { error: 'internal', message: 'internal error; nothing was accepted' } };
};

/**
 * The 503 of a request whose adapter lacks a setting (e.g. a bucket): the log names what is
 * missing; the client is told only that it is the server's configuration.
 */
export const notConfigured = (consequence?: string): IngestResponse => ({
  status: 503,
  body: {
    error: 'not_configured',
    message: `the server is not configured for this request (its log names the missing setting)${consequence === undefined ? '' : `; ${consequence}`}`,
  },
});

export const errorResponse = (status: number, error: string, message: string): IngestResponse => ({
  status,
  body: { error, message },
});

/** The 413 of a body over the limit. */
export const payloadTooLarge = (maxBodyBytes: number): IngestResponse =>
  errorResponse(413, 'payload_too_large', `the body is larger than ${maxBodyBytes} bytes`);

/** The 415 of a body that is not JSON. */
export const unsupportedMediaType = (): IngestResponse =>
  errorResponse(415, 'unsupported_media_type', 'send the location as JSON (Content-Type: application/json)');

/** The 405 of a known path asked with another method, with the methods it takes. */
export const methodNotAllowed = (path: string, allowed: readonly string[]): IngestResponse => ({
  status: 405,
  headers: { allow: allowed.join(', ') },
  body: { error: 'method_not_allowed', message: `${path} takes ${allowed.join(', ')}` },
});

/** The 404 of a path no route serves. */
export const notFound = (method: string, path: string): IngestResponse =>
  errorResponse(404, 'not_found', `no route ${method} ${path}`);

/** A refusal of the guards (limits, token, depth, devices): never kept by a cache. */
export const noStore = <R extends { readonly headers?: Readonly<Record<string, string>> }>(
  response: R,
): R => ({
  ...response,
  headers: { ...response.headers, 'cache-control': 'no-store' },
});
